"""The outbox's sending side: who gets what (`plan`), the sender with its retry rules, and the
jobs. Nothing is imported here: storage imports the pure `plan`, and the sender imports
storage, so a package-level import of the sender would make that a cycle."""
