"""careleaver-bot tests: unit, integration (real database), bot (real Application), e2e."""
