"""Amount checks (AM): budgets, spending, execution rates and execution scores."""
