"""Named sandbox scenarios and the deterministic throttling draw."""

from __future__ import annotations

import random
import threading

SCENARIOS: tuple[str, ...] = (
    "ok",
    "no-default-vpc",
    "missing-key-pair",
    "insufficient-capacity",
    "slow-boot",
    "throttle",
)
THROTTLE_SHARE = 1 / 3
THROTTLE_SEED = 2010_05_15
SLOW_BOOT_S = 180.0  # Chroma answers this long after CREATE_COMPLETE (divided by the speed)


class UnknownScenario(ValueError):
    pass


def check(name: str) -> str:
    if name not in SCENARIOS:
        raise UnknownScenario(f"unknown scenario {name!r}; choose one of {', '.join(SCENARIOS)}")
    return name


class ScenarioState:
    """The current scenario (switchable while running) and the throttle's seeded draw."""

    def __init__(self, name: str = "ok", seed: int = THROTTLE_SEED) -> None:
        self._lock = threading.Lock()
        self._seed = seed
        self.name = check(name)
        self._rng = random.Random(seed)

    def set(self, name: str) -> None:
        with self._lock:
            self.name = check(name)
            self._rng = random.Random(self._seed)

    def throttled(self) -> bool:
        """True for about a third of calls while the scenario is ``throttle``."""
        with self._lock:
            return self.name == "throttle" and self._rng.random() < THROTTLE_SHARE
