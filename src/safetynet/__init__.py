"""SafetyNet: a city's integrated social safety net platform (社會安全網)."""
