"""The ``releve`` commands, one module each; ``releve.cli`` gathers them."""
