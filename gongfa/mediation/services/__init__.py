"""People's mediation services: the only code that changes a case. One module per stage; each
public function checks the transition table (mediation.states) and writes the audit event."""
