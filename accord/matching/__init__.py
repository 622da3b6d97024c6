"""Entity matching: cross-script name normalisation, explainable scoring, screening index.

Pure code: no I/O and no imports from the store, services or API layers.
"""

from accord.matching.index import ScreeningIndex
from accord.matching.names import Name, parse_name
from accord.matching.normalize import latinize, skeleton
from accord.matching.params import DEFAULT_THRESHOLD
from accord.matching.record import Record
from accord.matching.score import FeatureScore, Match, score_pair

__all__ = [
    "DEFAULT_THRESHOLD",
    "FeatureScore",
    "Match",
    "Name",
    "Record",
    "ScreeningIndex",
    "latinize",
    "parse_name",
    "score_pair",
    "skeleton",
]
