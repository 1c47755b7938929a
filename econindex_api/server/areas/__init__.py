"""The API's areas: each module declares its endpoints (``ENDPOINTS``) and their answers.

Joined, in order, in ``econindex_api.server.declarations``.
"""
