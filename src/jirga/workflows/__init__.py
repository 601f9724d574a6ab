"""The cooperation mechanism: agreements, commitments, meetings, assistance requests, disputes,
and the scorecard that measures them (docs/cooperation.md)."""
