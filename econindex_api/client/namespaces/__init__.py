"""One module per API area; each holds the blocking and the asynchronous resource class.

Reach them through a client (``client.tasks``, ``client.packages``...), not directly.
"""

from econindex_api.client.namespaces.categories import AsyncCategories, Categories
from econindex_api.client.namespaces.clusters import AsyncClusters, Clusters
from econindex_api.client.namespaces.compare import AsyncCompare, Compare
from econindex_api.client.namespaces.depth import AsyncDepthResource, DepthResource
from econindex_api.client.namespaces.geographies import (
    AsyncGeographies,
    AsyncObservations,
    Geographies,
    Observations,
)
from econindex_api.client.namespaces.interaction_modes import (
    AsyncInteractionModesResource,
    InteractionModesResource,
)
from econindex_api.client.namespaces.occupations import AsyncOccupations, Occupations
from econindex_api.client.namespaces.packages import AsyncPackages, Packages
from econindex_api.client.namespaces.primitives import AsyncPrimitives, Primitives
from econindex_api.client.namespaces.releases import AsyncReleases, Releases
from econindex_api.client.namespaces.series import AsyncSeriesResource, SeriesResource
from econindex_api.client.namespaces.tables import AsyncTables, Tables
from econindex_api.client.namespaces.tasks import AsyncTasks, Tasks
from econindex_api.client.namespaces.thinking import AsyncThinkingResource, ThinkingResource
from econindex_api.client.namespaces.wage_bands import AsyncWageBandsResource, WageBandsResource

__all__ = [
    "AsyncCategories",
    "AsyncClusters",
    "AsyncCompare",
    "AsyncDepthResource",
    "AsyncGeographies",
    "AsyncInteractionModesResource",
    "AsyncObservations",
    "AsyncOccupations",
    "AsyncPackages",
    "AsyncPrimitives",
    "AsyncReleases",
    "AsyncSeriesResource",
    "AsyncTables",
    "AsyncTasks",
    "AsyncThinkingResource",
    "AsyncWageBandsResource",
    "Categories",
    "Clusters",
    "Compare",
    "DepthResource",
    "Geographies",
    "InteractionModesResource",
    "Observations",
    "Occupations",
    "Packages",
    "Primitives",
    "Releases",
    "SeriesResource",
    "Tables",
    "Tasks",
    "ThinkingResource",
    "WageBandsResource",
]
