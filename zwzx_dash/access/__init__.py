"""Who may publish: staff passcodes, hashed and compared in constant time."""
