"""One module per API area; each holds the blocking and the asynchronous resource class.

Reach them through a client (``client.tasks``, ``client.packages``...), not directly.
"""

from econindex_api.resources.categories import AsyncCategories, Categories
from econindex_api.resources.change import (
    AsyncCompare,
    AsyncSeriesResource,
    Compare,
    SeriesResource,
)
from econindex_api.resources.clusters import AsyncClusters, Clusters
from econindex_api.resources.depth import AsyncDepthResource, DepthResource
from econindex_api.resources.interaction_modes import (
    AsyncInteractionModesResource,
    InteractionModesResource,
)
from econindex_api.resources.occupations import AsyncOccupations, Occupations
from econindex_api.resources.packages import AsyncPackages, Packages
from econindex_api.resources.releases import AsyncReleases, Releases
from econindex_api.resources.tasks import AsyncTasks, Tasks
from econindex_api.resources.thinking import AsyncThinkingResource, ThinkingResource
from econindex_api.resources.wage_bands import AsyncWageBandsResource, WageBandsResource

__all__ = [
    "AsyncCategories",
    "AsyncClusters",
    "AsyncCompare",
    "AsyncDepthResource",
    "AsyncInteractionModesResource",
    "AsyncOccupations",
    "AsyncPackages",
    "AsyncReleases",
    "AsyncSeriesResource",
    "AsyncTasks",
    "AsyncThinkingResource",
    "AsyncWageBandsResource",
    "Categories",
    "Clusters",
    "Compare",
    "DepthResource",
    "InteractionModesResource",
    "Occupations",
    "Packages",
    "Releases",
    "SeriesResource",
    "Tasks",
    "ThinkingResource",
    "WageBandsResource",
]
