"""Ingestion's writes: articles, placing them in stories, and story revisions.

The steps are separate short transactions, and each leaves a mark the next poll can resume from,
so a process killed anywhere between them loses nothing. Each step has its module (`articles`,
`placement`, `revision_writes`); ingestion imports them all from here, in the order they run:

1. `add_article` stores an article; an on-topic one has no story yet (`unplaced_articles`).
2. `place_article` joins it to a story or starts one, and marks that story `dirty`.
3. The model summarizes the story outside any lock; `save_revision` writes the new revision
   and clears `dirty` unless more articles arrived meanwhile (`dirty_stories` lists the rest).
"""

from bot.storage.articles import (
    NewArticle,
    StoredArticle,
    add_article,
    cluster_candidates,
    story_of,
    unplaced_articles,
    waiting_near_misses,
)
from bot.storage.placement import Retagger, place_article
from bot.storage.revision_writes import (
    ArticleForStory,
    StoryMaterial,
    dirty_stories,
    save_revision,
    story_material,
)

__all__ = [
    "ArticleForStory",
    "NewArticle",
    "Retagger",
    "StoredArticle",
    "StoryMaterial",
    "add_article",
    "cluster_candidates",
    "dirty_stories",
    "place_article",
    "save_revision",
    "story_material",
    "story_of",
    "unplaced_articles",
    "waiting_near_misses",
]
