"""Words and specialties every stage speaks: how programs and codes are named on screen, and each program's specialty from the packs."""
