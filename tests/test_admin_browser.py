"""/admin/ in a real Chromium, driven like a person (skips without Chromium).

The form loads in French from the site alone; in its local-repository mode, backed by the
browser's origin-private file system instead of a folder picker, a compte rendu is created and
another edited, and the files read back pass ``releve verifier`` and build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from browser import axe_violations, open_page, serve
from conftest import build_in_process, run_releve, shared_build, write_project
from test_reflow_browser import TEXT_SPACING
from releve.outputs import admin

EDITED = "minutes/2021-02-19-groupe-enfance.md"
CREATED = "minutes/2022-03-15-reunion-du-copil-de-mars.md"
LISTED = "2021-02-19 · Réunion du groupe enfance"
UNKNOWN_KEY = "relu_par: Anne Exemple\n"
"""A key this version does not know (from a newer one, say): the form must keep it as it is."""
DONE = "Diffuser l'invitation (EPE 57, réunion du 1er mars 2022)"
"""An engagement of the fixture site, as the « Engagement réalisé » button lists it."""

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
_SHOWN = """
window.releveShown = [];
new MutationObserver(changes => {
  for (const change of changes) {
    if (change.type === "attributes") {
      // The form shown at once (index.html's loading line lifted): all its visible text at that moment.
      if (change.target === document.documentElement && !change.target.hasAttribute("data-releve-chargement")) window.releveShown.push(document.body.innerText);
      continue;
    }
    for (const node of change.type === "characterData" ? [change.target] : change.addedNodes) {
      const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
      const text = (node.textContent || "").trim();
      if (element && text && getComputedStyle(element).visibility !== "hidden") window.releveShown.push(text);
    }
  }
}).observe(document, {childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["data-releve-chargement"]});
"""
"""Every text the page shows, from its very start: each one added or changed while visible, and the
whole visible text when the form is shown."""
_READ = """async () => {
  const found = {};
  async function read(folder, prefix) {
    for await (const [name, handle] of folder.entries()) {
      if (handle.kind === 'directory') { if (name !== '.git') await read(handle, prefix + name + '/'); }
      else found[prefix + name] = await (await handle.getFile()).text();
    }
  }
  await read(await (await navigator.storage.getDirectory()).getDirectoryHandle('depot'), '');
  return found;
}"""


@pytest.fixture(scope="module")
def starter_site(tmp_path_factory):
    """A new CLSM's site as ``releve creer`` writes it (no thématique, no secteur, no structure,
    no repository yet), built once."""

    def create(root: Path) -> None:
        root.rmdir()  # « releve creer » writes a folder of its own
        created = run_releve("creer", str(root), "--nom", "Conseil local de santé mentale de Valmont")
        assert created.returncode == 0, created.output

    return shared_build(tmp_path_factory, "starter-admin", create)


def _sources(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] not in ("site", ".github") and path.suffix in (".md", ".yaml", ".yml")
    }


@pytest.fixture(scope="module")
def repository(agenda_site) -> dict[str, str]:
    """The sources of the shared agenda site, one compte rendu carrying a key unknown to this version."""
    root = agenda_site.root
    files = {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] not in ("site", ".cache")  # .cache: the engine's
    }
    files[EDITED] = files[EDITED].replace("\n---\n", f"\n{UNKNOWN_KEY}---\n", 1)
    return files


def _write_local_repository(page, origin: str, files: dict[str, str]) -> None:
    """Put ``files`` in the folder the form's local-repository mode will be handed."""
    page.context.add_init_script(_LOCAL_FOLDER)
    page.goto(origin + "/admin/releve.js")
    page.evaluate(_WRITE, files)


def _open_local_repository(page, origin: str, files: dict[str, str]) -> None:
    _write_local_repository(page, origin, files)
    page.goto(origin + "/admin/")
    page.get_by_role("button", name="Travailler avec un dépôt local").click()


def _field(page, key: str):
    """A field of the editing pane (the preview pane repeats every key path)."""
    return page.locator(f'section.field[data-key-path="{key}"]')


def _draft_switch(page):
    """The « Brouillon » box, once rendered: the form renders its lower fields as they scroll into view."""
    for _ in range(20):
        if _field(page, "brouillon").count():
            break
        page.locator("section.field").last.scroll_into_view_if_needed()
        page.wait_for_timeout(100)
    return _field(page, "brouillon").locator('[role="switch"]')


_READ_FILE = """async (path) => {
  let folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('depot');
  const parts = path.split('/');
  try {
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part);
    return await (await (await folder.getFileHandle(parts.at(-1))).getFile()).text();
  } catch (error) { return null; }
}"""


def _save_and_wait(page, path: str, previous: str | None = None) -> str:
    """Click « Enregistrer » and return ``path`` once the form has written it (differing from ``previous``)."""
    page.get_by_text("Enregistrer", exact=True).click()
    for _ in range(100):
        text = page.evaluate(_READ_FILE, path)
        if text is not None and text != previous:
            return text
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} n'a pas été enregistré")


def _front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n", 2)[1])


def _body(text: str) -> str:
    return text.split("---\n", 2)[2].strip()


def _capture(page, path: Path) -> None:
    """A screenshot once the form's transitions have ended: the first screen fades in over the
    loading one, and a capture taken in between shows both."""
    page.wait_for_function("() => document.getAnimations().every(animation => animation.playState !== 'running')", timeout=5000)
    page.screenshot(path=path)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    """Where the screenshots go, to look at them by hand: the test run's own temporary folder."""
    return tmp_path_factory.mktemp("captures")


def _record_failures(page, failed: list[str]) -> None:
    """Append to ``failed`` each request of ``page`` that fails or is answered with an error (a 404)."""
    page.on("requestfailed", lambda request: failed.append(f"{request.url} ({request.failure})"))
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.url} ({response.status})"))


def test_admin_loads_in_french_with_no_request_elsewhere(agenda_site, browser, repository, shots):
    outside: list[str] = []
    fetched: list[str] = []
    failed: list[str] = []
    # On a telephone, in an English browser: the page's own script still makes the form speak French.
    with serve(agenda_site.site) as origin, open_page(browser, origin, outside, viewport={"width": 360, "height": 740}, locale="en-US") as page:
        _write_local_repository(page, origin, repository)
        page.on("requestfinished", lambda request: fetched.append(request.url))
        _record_failures(page, failed)
        page.context.add_init_script(_SHOWN)
        page.goto(origin + "/admin/")
        page.get_by_role("button", name="Travailler avec un dépôt local").wait_for(timeout=20000)
        # The bundle's first screens come in English until its French strings are in: never shown.
        shown = page.evaluate("window.releveShown")
        english = [text.partition("{")[0].strip() for text in admin.FIRST_SCREENS.values()]
        assert [text for text in shown if any(words in text for words in english)] == []
        assert page.evaluate("document.documentElement.hasAttribute('data-releve-chargement')") is False
        # Signing in with GitHub itself would need an OAuth server on another site: not offered.
        assert page.get_by_text(re.compile(r"Se connecter avec\W*GitHub")).count() == 0
        _capture(page, shots / "connexion-360.png")
        assert f"{origin}/admin/locales/fr.json" in fetched
        assert any(url.startswith(f"{origin}/admin/fonts/") for url in fetched)
        # A link to a new compte rendu: the form opens on it, a draft from the start.
        page.get_by_role("button", name="Travailler avec un dépôt local").click()
        page.get_by_text("Comptes rendus").first.wait_for(timeout=20000)
        page.goto(origin + "/admin/#/collections/comptes-rendus/new")
        _field(page, "titre").locator("input").fill("Réunion du COPIL de mars")
        assert _draft_switch(page).get_attribute("aria-checked") == "true"
        _capture(page, shots / "formulaire-360.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert outside == []
    # Every request of the form answered, its check for a newer release of itself among them: the
    # release it is (scripts/vendor_cms.py), there is nothing newer to announce.
    assert failed == [] and f"{origin}/admin/package.json" in fetched


def _click_until(page, button, ready, clicked=None) -> None:
    """Click ``button`` until ``ready()``, as a person clicks again when nothing happened: on a busy
    machine the form renders its lower fields late, and a click can land on a spot the button has
    just left. ``clicked()`` tells a click that worked but is slow to show: no second click then,
    which would untick the box or add a second item."""
    for _ in range(10):
        if not ready() and not (clicked and clicked()):
            button.click()
        for _ in range(30):
            if ready():
                return
            page.wait_for_timeout(100)
    raise AssertionError("un clic du formulaire reste sans effet")


def _checked(control) -> bool:
    return control.get_attribute("aria-checked") == "true"


def _choose(page, field, text: str) -> None:
    """Tick the option ``text`` of a choice (a radio button, or a box of a relation)."""
    option = field.get_by_role("radio", name=text, exact=True).or_(field.get_by_role("checkbox", name=text, exact=True))
    _click_until(page, option, lambda: _checked(option))


def _add_item(page, field, index_field) -> None:
    """« Ajouter » under a list, until its new item (``index_field``) is there."""
    _click_until(page, field.locator('button[data-label^="Ajouter"]').last, lambda: index_field.count() > 0)


def _rendered(page, group: str, key: str) -> bool:
    """Whether the field ``key`` of the open ``group`` is there: the form draws a placeholder for each
    field until it scrolls into view, which a click that opens the group does not do."""
    if _field(page, key).count():
        return True
    placeholders = _field(page, group).locator(".placeholder")
    if placeholders.count():
        placeholders.first.scroll_into_view_if_needed()
    return _field(page, key).count() > 0


def _fill_new_meeting(page) -> None:
    """A compte rendu as the coordinator writes one: every block of the issue's scenario."""
    _field(page, "titre").locator("input").fill("Réunion du COPIL de mars")
    _choose(page, _field(page, "type"), "Compte rendu")
    _field(page, "date").locator("input").first.fill("2022-03-15")
    _choose(page, _field(page, "instance"), "Comité de pilotage (COPIL)")
    _add_item(page, _field(page, "ordre_du_jour"), _field(page, "ordre_du_jour.0"))
    _field(page, "ordre_du_jour.0").locator("input").fill("Bilan du réseau psypérinatalité.")
    for index, (name, function, structure) in enumerate(
        (("Paul Exemple", "coordonnateur", "Centre hospitalier de Jury"), ("Anne Exemple", "animatrice", "EPE 57"))
    ):
        _add_item(page, _field(page, "participants"), _field(page, f"participants.{index}.nom"))
        _field(page, f"participants.{index}.nom").locator("input").fill(name)
        _field(page, f"participants.{index}.fonction").locator("input").fill(function)
        # The relation widget lists the structures of partners.yaml by name.
        _choose(page, _field(page, f"participants.{index}.structure"), structure)
    box = _field(page, "prochaine_reunion").get_by_role("checkbox").first
    _click_until(page, box, lambda: _rendered(page, "prochaine_reunion", "prochaine_reunion.date"), clicked=lambda: _checked(box))
    _field(page, "prochaine_reunion.date").locator("input").first.fill("2022-05-10")
    _field(page, "prochaine_reunion.horaire").locator("input").fill("14h-16h")
    # A place is a structure of the annuaire, chosen by its name, or a text.
    _field(page, "prochaine_reunion.lieu").locator("select").select_option(label="EPE 57")
    _field(page, "lieu").locator("select").select_option(label="Un autre lieu (à écrire)")
    _field(page, "lieu").get_by_role("textbox", name="Autre lieu").fill("Salle du conseil")


def _insert(page, body, component: str) -> None:
    """« Insérer » › ``component`` in the text's toolbar, at its end; returns once its box is drawn (its
    text field the last one), so that what is typed next goes into it, not into the box before."""
    before = body.locator("textarea").count()
    body.locator("[contenteditable=true]").first.click()
    page.keyboard.press("Control+End")
    body.get_by_role("button", name="Insérer").click()
    page.get_by_role("menuitem", name=component, exact=True).click()
    page.wait_for_function("([element, before]) => element.querySelectorAll('textarea').length > before", arg=[body.element_handle(), before])


def _write_decision_and_engagement(page) -> None:
    """The two buttons of the text: the blocks are written in the syntax the engine reads."""
    for _ in range(30):
        if _field(page, "body").count():
            break
        page.locator("section.field").last.scroll_into_view_if_needed()
        page.wait_for_timeout(100)
    body = _field(page, "body")
    body.scroll_into_view_if_needed()
    _insert(page, body, "Décision")
    body.locator("textarea:visible").last.fill("Il est convenu d'étendre le réseau.")
    _choose(page, body, "Réseau psypérinatalité")
    _insert(page, body, "Engagement")
    body.locator("textarea:visible").last.fill("Réserver les salles.")
    # The engagement is the last box: the décision's has no structure. Chosen before the other fields
    # are edited: a single relation lost its choice then, a list of one keeps it.
    _choose(page, body, "Centre hospitalier de Jury")
    body.locator("input[type=text]:visible").last.fill("Paul Exemple")
    body.locator("input[type=date]:visible").last.fill("2022-05-02")
    # An engagement of an earlier meeting, done: chosen in the list of the site's engagements.
    _insert(page, body, "Engagement réalisé")
    body.locator("textarea:visible").last.fill("Les invitations sont parties.")
    _choose(page, body, DONE)


def test_a_compte_rendu_created_and_one_edited_in_the_form_are_valid(agenda_site, browser, repository, tmp_path, shots):
    outside: list[str] = []
    with serve(agenda_site.site) as origin, open_page(browser, origin, outside, viewport={"width": 1280, "height": 900}, locale="fr-FR") as page:
        _open_local_repository(page, origin, repository)
        page.get_by_text(LISTED).wait_for(timeout=20000)
        page.get_by_text("Nouveau", exact=True).click()
        _field(page, "titre").wait_for()
        # New entries start as drafts, without the coordinator touching the box.
        assert _draft_switch(page).get_attribute("aria-checked") == "true"
        _fill_new_meeting(page)
        _field(page, "horaire").locator("input").fill("de 10 à 12")
        page.get_by_text("Enregistrer", exact=True).click()
        message = "« Horaire » doit être un horaire comme 10h, 10h-12h ou 8h30-12h30."
        page.get_by_text(message).wait_for(timeout=5000)
        assert page.get_by_text("Afficher les erreurs").is_visible()
        _field(page, "horaire").scroll_into_view_if_needed()
        _capture(page, shots / "formulaire-1280-erreur.png")
        _field(page, "horaire").locator("input").fill("14h-16h30")
        _field(page, "participants").scroll_into_view_if_needed()
        _capture(page, shots / "formulaire-1280.png")
        _write_decision_and_engagement(page)
        _capture(page, shots / "formulaire-texte-1280.png")
        created = _save_and_wait(page, CREATED)
        # Editing a published compte rendu keeps it published: its box is unticked.
        page.wait_for_url("**/admin/#/collections/comptes-rendus")
        page.get_by_text(LISTED).click()
        _field(page, "horaire").locator("input").wait_for()
        assert _draft_switch(page).get_attribute("aria-checked") == "false"
        _field(page, "horaire").locator("input").fill("9h-11h")
        edited = _save_and_wait(page, EDITED, repository[EDITED])
        page.wait_for_url("**/admin/#/collections/comptes-rendus")
        # The new one is ready: the coordinator unticks « Brouillon » to publish it.
        page.get_by_text("2022-03-15 · Réunion du COPIL de mars").click()
        _draft_switch(page).click()
        published = _save_and_wait(page, CREATED, created)
        saved = page.evaluate(_READ)
    assert outside == []

    # Every box the form shows is written, ticked or not: « visio: false » has the meaning of no key.
    front = _front(created)
    assert front == {
        "titre": "Réunion du COPIL de mars",
        "type": "compte rendu",
        "date": front["date"],
        "horaire": "14h-16h30",
        "lieu": "Salle du conseil",
        "visio": False,
        "instance": "copil",
        "ordre_du_jour": ["Bilan du réseau psypérinatalité."],
        "participants": [
            {"nom": "Paul Exemple", "fonction": "coordonnateur", "structure": ["ch-jury"]},
            {"nom": "Anne Exemple", "fonction": "animatrice", "structure": ["epe-57"]},
        ],
        "prochaine_reunion": {"date": front["prochaine_reunion"]["date"], "horaire": "14h-16h", "lieu": "epe-57", "visio": False},
        "brouillon": True,
    }
    assert str(front["date"]) == "2022-03-15" and str(front["prochaine_reunion"]["date"]) == "2022-05-10"
    assert _front(published) == {**front, "brouillon": False}
    script = (agenda_site.site / "admin" / admin.COMPONENTS).read_text(encoding="utf-8")
    done = re.search(r'"label": "' + re.escape(DONE) + r'", "value": "([^"]+)"', script).group(1)
    blocks = [block.strip() for block in _body(created).split("\n\n") if block.strip()]
    assert blocks == [
        "!!! decision reseau\n    Il est convenu d'étendre le réseau.",
        '!!! engagement ch-jury "Paul Exemple" 2022-05-02\n    Réserver les salles.',
        f"!!! fait {done}\n    Les invitations sont parties.",
    ]

    # The edited one keeps its body (with its decision), its lists and the key the form does not know.
    original = repository[EDITED]
    assert _body(edited) == _body(original) and UNKNOWN_KEY in edited
    front, before = _front(edited), _front(original)
    # The form writes a participant's structure as a list (one may name two): the same meaning.
    for participant in front["participants"]:
        if isinstance(participant.get("structure"), list) and len(participant["structure"]) == 1:
            participant["structure"] = participant["structure"][0]
    # It also writes every boolean it shows: « brouillon: false » is added, with the same meaning.
    assert front == {**before, "horaire": "9h-11h", "brouillon": False}

    # Back in a repository: what the form cannot check, CI reports at its line…
    root = tmp_path / "relu"
    root.mkdir()
    write_project(root, saved)
    check = run_releve("verifier", "--site", str(root))
    line = edited.splitlines().index(UNKNOWN_KEY.strip()) + 1
    assert check.returncode == 1
    assert f"{EDITED}:{line}: clé inconnue « relu_par »" in check.output
    # …and once it is fixed, both files pass « releve verifier » and build.
    (root / EDITED).write_text(edited.replace(UNKNOWN_KEY, ""), encoding="utf-8")
    check = run_releve("verifier", "--site", str(root))
    assert check.returncode == 0, check.output
    assert "Contenu valide : 3 comptes rendus" in check.stdout and "1 brouillon" in check.stdout
    build = build_in_process(root, "--strict")
    assert build.returncode == 0, build.output
    page = build.html("comptes-rendus/2021-02-19-groupe-enfance/index.html")
    assert "9h-11h" in page and "Il est convenu de lancer le réseau." in page
    page = build.html("comptes-rendus/2022-03-15-reunion-du-copil-de-mars/index.html")
    for shown in ("Paul Exemple", "Anne Exemple", 'href="../../annuaire/ch-jury/"', 'href="../../annuaire/epe-57/"', "Bilan du réseau psypérinatalité."):
        assert shown in page
    for shown in ("Salle du conseil", "Il est convenu d'étendre le réseau.", "Réserver les salles.", "Les invitations sont parties.", 'href="../../projets/reseau/"'):
        assert shown in page.replace("&#x27;", "'").replace("’", "'"), shown


_FIRST_SCREEN_LAYOUT = """() => {
  const screen = document.querySelector('.powered-by').parentElement;
  const boxes = [];
  const walker = document.createTreeWalker(screen, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode()); ) {
    if (!node.data.trim() || !node.parentElement.getClientRects().length) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) boxes.push({text: node.data.trim().slice(0, 30), left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  }
  const found = [];
  for (const box of boxes) if (box.left < 16 || box.right > innerWidth - 16) found.push(`« ${box.text} » au bord : ${Math.round(box.left)}-${Math.round(box.right)}`);
  for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1))
    if (a.text !== b.text && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) found.push(`« ${a.text} » sur « ${b.text} »`);
  for (const element of screen.querySelectorAll('*')) {
    const style = getComputedStyle(element);
    const cut = (style.overflowX === 'hidden' && element.scrollWidth > element.clientWidth + 1) || (style.overflowY === 'hidden' && element.scrollHeight > element.clientHeight + 1);
    if (cut && element.textContent.trim()) found.push(`« ${element.textContent.trim().slice(0, 30)} » coupé`);
  }
  return found;
}"""
"""What is wrong with the first screen's text as laid out (every line of it, scrolled or not): a line
within 16 px of the screen's edge, two lines over one another (the « Propulsé par » line fixed over
the explanation, as the bundle draws it), a text cut short by its box."""


def _first_screen_problems(page, shots: Path) -> dict[str, list[str]]:
    """``_FIRST_SCREEN_LAYOUT`` on a 320 px phone and a 1280 px screen, as it is and with the text
    spacing of WCAG 1.4.12 (RGAA 10.12); the page is left at its size, without that spacing."""
    size = page.viewport_size
    found = {}
    for width, height in ((320, 640), (1280, 800)):
        page.set_viewport_size({"width": width, "height": height})
        found[f"{width} px"] = page.evaluate(_FIRST_SCREEN_LAYOUT)
        spacing = page.add_style_tag(content=TEXT_SPACING)
        found[f"{width} px, espacement du texte"] = page.evaluate(_FIRST_SCREEN_LAYOUT)
        # Scrolled to its end, where the « Propulsé par » line was drawn over the explanation.
        page.evaluate("() => document.querySelector('.powered-by').scrollIntoView()")
        _capture(page, shots / f"nouveau-site-connexion-espacement-{width}.png")
        spacing.evaluate("element => element.remove()")
    page.set_viewport_size(size)
    return found


def test_a_new_sites_admin_opens_without_error_names_the_site_and_zooms(starter_site, browser, shots):
    """The starter's /admin/: the form's configuration is valid with empty vocabularies, the sign-in
    screen names the site and says how to give the repository (never a placeholder), and axe
    finds nothing, the viewport's zoom limit included; its text keeps a margin and no line of it
    runs over another, at 320 px and 1280 px, with a reader's text spacing or without."""
    outside: list[str] = []
    failed: list[str] = []
    with serve(starter_site.site) as origin, open_page(browser, origin, outside, viewport={"width": 360, "height": 740}, locale="fr-FR") as page:
        _write_local_repository(page, origin, _sources(starter_site.root))
        _record_failures(page, failed)
        page.goto(origin + "/admin/")
        local = page.get_by_role("button", name="Travailler avec un dépôt local")
        local.wait_for(timeout=20000)
        text = page.inner_text("body")
        assert "Modifier le site du CLSM de Valmont" in text and "Sveltia CMS" not in text.replace("Propulsé par \u2068Sveltia CMS\u2069", "")
        assert admin.NO_REPOSITORY in text and "a-renseigner" not in text
        assert "comporte des erreurs" not in text and "comporte une erreur" not in text
        # Signing in to a repository the site does not know could only fail: not offered.
        assert page.get_by_role("button", name="Se connecter avec un jeton d’accès").count() == 0
        viewports = page.evaluate("[...document.querySelectorAll('meta[name=viewport]')].map(m => m.content)")
        assert viewports and not any("maximum-scale" in content or "user-scalable" in content for content in viewports)
        assert axe_violations(page) == []
        _capture(page, shots / "nouveau-site-connexion-360.png")
        assert _first_screen_problems(page, shots) == dict.fromkeys(("320 px", "320 px, espacement du texte", "1280 px", "1280 px, espacement du texte"), [])
        local.click()
        page.get_by_text("Comptes rendus").first.wait_for(timeout=20000)
        page.goto(origin + "/admin/#/collections/comptes-rendus/new")
        _field(page, "titre").locator("input").wait_for(timeout=20000)
        # No thématique to choose yet: no field for them; the place is chosen or written.
        assert _field(page, "thematiques").count() == 0
        assert _field(page, "lieu").locator("select option").all_inner_texts() == ["— Aucun lieu —", "Un autre lieu (à écrire)"]
        assert "comporte des erreurs" not in page.inner_text("body")
        _capture(page, shots / "nouveau-site-formulaire-360.png")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert outside == [] and failed == []
