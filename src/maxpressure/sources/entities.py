"""Building the entities that hang off a list entry, the same way for every parser."""

from __future__ import annotations

from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from maxpressure.model import make_entity, sub_entity_id


def add_entity(entities: list[EntityProxy], entity: EntityProxy) -> None:
    """Append, or merge into the entity with the same id: lists repeat a passport or an address."""
    for known in entities:
        if known.id == entity.id:
            known.merge(entity)
            return
    entities.append(entity)


def add_address(main: EntityProxy, entities: list[EntityProxy], street: str = "", city: str = "",
                region: str = "", postal_code: str = "", country: str = "", remarks: str = "") -> None:
    """An Address entity linked from `main`; a country alone only sets the main entity's country."""
    main.add("country", country or None)
    if not (street or city or region or postal_code):
        return
    # Cleaned once for both the Address and the main entity: FtM's address cleaning is costly.
    full = registry.address.clean(", ".join(p for p in (street, city, region, postal_code, country) if p))
    if full is None:
        return
    address = make_entity("Address", sub_entity_id(main.id, "addr", full))
    address.add("full", full, cleaned=True)
    address.add("street", street or None)
    address.add("city", city or None)
    address.add("region", region or None)
    address.add("postalCode", postal_code or None)
    address.add("country", country or None)
    address.add("remarks", remarks or None)
    main.add("addressEntity", address.id, cleaned=True)
    main.add("address", full, cleaned=True)
    add_entity(entities, address)
