"""The decision: IMG-friendliness, eligibility, fit, tiers, ranking, its stability and what to research next."""
