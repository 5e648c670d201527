"""Where a model named by a setting is loaded from: a folder, or the local hub cache only.

The bot never downloads a model (a deployment may have no route out, and a silent download of
gigabytes at start-up is worse than a refusal). Even with `local_files_only`, loading by hub id
goes through huggingface_hub's download path, which may call the hub for other things; a
folder never does. So a hub id is turned into its cached snapshot folder here, and a name that
is neither a folder nor cached is refused with a message saying so, instead of transformers'
"couldn't connect" text.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["load_failure", "local_source"]


def local_source(name: str) -> str:
    """The folder from_pretrained should load `name` from (raises FileNotFoundError).

    `name` is a folder (`~` expanded) or a hub id whose snapshot is in the local cache.
    """
    folder = Path(name).expanduser()
    if folder.is_dir():
        return str(folder)
    if name.startswith((".", "/", "~")):
        raise FileNotFoundError(f"folder not found: {name}")
    snapshot = _cached_snapshot(name)
    if snapshot is None:
        raise FileNotFoundError(
            f"{name} is neither a folder nor a model in the local cache "
            "(models are never downloaded: give the folder holding its files)"
        )
    return snapshot


def _cached_snapshot(repo_id: str) -> str | None:
    """The cached snapshot folder of `repo_id`, found on disk only."""
    from huggingface_hub import try_to_load_from_cache

    try:
        found = try_to_load_from_cache(repo_id, "config.json")
    except ValueError:  # not a well-formed hub id either
        return None
    return str(Path(found).parent) if isinstance(found, str) else None


def load_failure(name: str, error: BaseException) -> str:
    """One line on why the model `name` (found on disk) did not load."""
    lines = str(error).strip().splitlines()
    return f"{name} cannot be loaded: {lines[0] if lines else type(error).__name__}"
