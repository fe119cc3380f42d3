"""Keep in touch: pure cadence rules, the reminder outbox and the sweep job."""
