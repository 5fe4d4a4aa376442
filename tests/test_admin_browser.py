"""/admin/ in a real Chromium: the form loads in French from the site alone (skips without Chromium)."""

from __future__ import annotations

import yaml

from browser import open_page, serve


def test_admin_loads_in_french_with_no_request_elsewhere(build_site, browser):
    build = build_site()
    assert build.returncode == 0, build.output
    outside: list[str] = []
    with serve(build.site) as origin:
        for width, height in ((1280, 900), (360, 740)):
            # An English browser: the page's own script still makes the form speak French.
            with open_page(browser, origin, outside, viewport={"width": width, "height": height}, locale="en-US") as page:
                fetched: list[str] = []
                page.on("requestfinished", lambda request: fetched.append(request.url))
                page.goto(origin + "/admin/")
                page.get_by_text("Se connecter avec un jeton d’accès").wait_for(timeout=20000)
                assert page.get_by_text("Travailler avec un dépôt local").is_visible()
                page.screenshot(path=f"/tmp/admin-{width}.png")
                assert f"{origin}/admin/locales/fr.json" in fetched
                assert any(url.startswith(f"{origin}/admin/fonts/") for url in fetched)
    assert outside == []


# Sveltia's local-repository mode asks for a folder with showDirectoryPicker(): hand it a folder of
# the origin-private file system instead, which a test can fill and read back.
_LOCAL_FOLDER = """
window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('depot', {create: true});
FileSystemHandle.prototype.requestPermission = async () => 'granted';
FileSystemHandle.prototype.queryPermission = async () => 'granted';
"""
_WRITE = """async (files) => {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('depot', {create: true});
  await root.getDirectoryHandle('.git', {create: true});
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, {create: true});
    const writable = await (await folder.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writable.write(text);
    await writable.close();
  }
}"""
_READ_MINUTES = """async () => {
  const root = await (await navigator.storage.getDirectory()).getDirectoryHandle('depot');
  const found = {};
  for await (const [name, handle] of (await root.getDirectoryHandle('minutes')).entries()) {
    found['minutes/' + name] = await (await handle.getFile()).text();
  }
  return found;
}"""


def test_a_compte_rendu_created_in_the_form_is_valid(build_site, browser, tmp_path):
    from conftest import BASE_FILES, write_project
    from releve import pipeline

    build = build_site()
    assert build.returncode == 0, build.output
    sources = {path: text for path, text in BASE_FILES.items() if not path.startswith("docs/")}
    outside: list[str] = []
    with serve(build.site) as origin, open_page(browser, origin, outside, viewport={"width": 1280, "height": 900}) as page:
        page.context.add_init_script(_LOCAL_FOLDER)
        page.goto(origin + "/admin/releve.js")
        page.evaluate(_WRITE, sources)
        page.goto(origin + "/admin/")
        page.get_by_text("Travailler avec un dépôt local").click()
        page.get_by_text("2021-02-19 · Réunion du groupe enfance").wait_for(timeout=20000)
        page.get_by_text("Nouveau", exact=True).click()
        page.locator('[data-key-path="titre"] input').fill("Réunion du COPIL de mars")
        page.locator('[data-key-path="type"]').get_by_text("Compte rendu", exact=True).click()
        page.locator('[data-key-path="date"] input').first.fill("2022-03-15")
        page.locator('[data-key-path="instance"]').get_by_text("Comité de pilotage (COPIL)", exact=True).click()
        page.locator('[data-key-path="brouillon"] [role="switch"]').click()
        page.locator('[data-key-path="horaire"] input').fill("de 10 à 12")
        page.get_by_text("Enregistrer", exact=True).click()
        page.get_by_text("« Horaire » doit être un horaire comme 10h, 10h-12h ou 8h30-12h30.").wait_for(timeout=5000)
        page.locator('[data-key-path="horaire"] input').fill("14h-16h30")
        page.get_by_text("Enregistrer", exact=True).click()
        page.wait_for_function("async () => { const r = await (await navigator.storage.getDirectory()).getDirectoryHandle('depot');"
                               " const m = await r.getDirectoryHandle('minutes'); let n = 0; for await (const _ of m.keys()) n++; return n == 2; }")
        # Editing an existing compte rendu keeps its body, its decisions and its lists.
        page.get_by_text("2021-02-19 · Réunion du groupe enfance").click()
        page.locator('[data-key-path="horaire"] input').fill("9h-11h")
        page.get_by_text("Enregistrer", exact=True).click()
        page.get_by_text("2021-02-19 · Réunion du groupe enfance").wait_for(timeout=10000)
        saved = page.evaluate(_READ_MINUTES)
    assert outside == []
    created = saved["minutes/2022-03-15-reunion-du-copil-de-mars.md"]
    assert "horaire: 14h-16h30\n" in created and "brouillon: true\n" in created
    edited = saved["minutes/2021-02-19-groupe-enfance.md"]
    original = BASE_FILES["minutes/2021-02-19-groupe-enfance.md"]
    assert "horaire: 9h-11h\n" in edited and edited.split("---\n", 2)[2].strip() == original.split("---\n", 2)[2].strip()
    front = yaml.safe_load(edited.split("---\n", 2)[1])
    # The form writes every boolean it shows: « brouillon: false » is added, with the same meaning.
    # The form writes a participant's structure as a list (one may name two): the same meaning.
    for participant in front["participants"]:
        if isinstance(participant.get("structure"), list) and len(participant["structure"]) == 1:
            participant["structure"] = participant["structure"][0]
    assert front == {**yaml.safe_load(original.split("---\n", 2)[1]), "horaire": "9h-11h", "brouillon": False}
    root = tmp_path / "relu"
    root.mkdir()
    write_project(root, {**BASE_FILES, **saved})
    assert pipeline.validate_project(root) == []
    # Both files build too (the edited one keeps its decision and its next meeting).
    linked = pipeline.load(root)
    assert {m.id for m in linked.site.meetings} == {"2021-02-19-groupe-enfance"}  # the new one is a draft
    assert [d.actions for m in linked.site.meetings for d in m.decisions] == [("reseau",)]
