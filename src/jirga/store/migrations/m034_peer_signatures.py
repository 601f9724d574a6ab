"""What a node does with a peer's unsigned objects: refuse them (`require_signatures = 1`) or
accept them with a warning (0, the default, so a plain TAXII 2.1 peer that cannot sign keeps
working). Objects whose signatures fail are refused whatever this says."""

SQL = """
ALTER TABLE peers ADD COLUMN require_signatures INTEGER NOT NULL DEFAULT 0;
"""
