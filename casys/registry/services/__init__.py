"""Operations of the registry: keys, status lists, publication, search, import and export."""
