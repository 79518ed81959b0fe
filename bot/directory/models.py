"""Directory tables, aligned with Open Referral HSDS 3.0.

HSDS tables kept by name and meaning: organization, service, location, service_at_location,
phone, language, schedule, service_area, service categories (HSDS taxonomy_term on the
service, here the PRODUCT.md taxonomy codes), and service translations. What migrants need and
HSDS lacks is kept as boolean attributes on the service (HSDS ``attribute`` on export).
"""

from __future__ import annotations

import enum
from datetime import date, time

from sqlalchemy import (
    Boolean,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.storage.models import Base


class ServiceStatus(str, enum.Enum):
    """HSDS service.status values."""

    active = "active"
    inactive = "inactive"
    defunct = "defunct"
    temporarily_closed = "temporarily closed"


class Organization(Base):
    """Who runs services."""

    __tablename__ = "organization"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    website: Mapped[str | None] = mapped_column(String(255), default=None)
    email: Mapped[str | None] = mapped_column(String(255), default=None)
    sample: Mapped[bool] = mapped_column(Boolean, default=False)

    services: Mapped[list[Service]] = relationship(back_populates="organization")


class Service(Base):
    """What an organisation offers, with the attributes migrants filter on."""

    __tablename__ = "service"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    status: Mapped[ServiceStatus] = mapped_column(
        Enum(ServiceStatus, name="service_status", values_callable=lambda e: [m.value for m in e]),
        default=ServiceStatus.active,
    )
    fees_description: Mapped[str | None] = mapped_column(Text, default=None)
    eligibility_description: Mapped[str | None] = mapped_column(Text, default=None)
    minimum_age: Mapped[int | None] = mapped_column(Integer, default=None)
    maximum_age: Mapped[int | None] = mapped_column(Integer, default=None)
    free_of_charge: Mapped[bool] = mapped_column(Boolean, default=False)
    no_documents_required: Mapped[bool] = mapped_column(Boolean, default=False)
    safe_regardless_of_status: Mapped[bool] = mapped_column(Boolean, default=False)
    women_only: Mapped[bool] = mapped_column(Boolean, default=False)
    children: Mapped[bool] = mapped_column(Boolean, default=False)
    accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    original_language: Mapped[str] = mapped_column(String(16), default="en")
    last_verified_on: Mapped[date] = mapped_column(Date)
    verified_by: Mapped[str] = mapped_column(String(255))
    #: The file the service was imported from, and a hash of its row: a re-import tells
    #: added / changed / deactivated from them.
    source: Mapped[str | None] = mapped_column(String(255), default=None, index=True)
    row_hash: Mapped[str | None] = mapped_column(String(64), default=None)

    organization: Mapped[Organization] = relationship(back_populates="services")
    categories: Mapped[list[ServiceCategory]] = relationship(cascade="all, delete-orphan")
    languages: Mapped[list[ServiceLanguage]] = relationship(cascade="all, delete-orphan")
    phones: Mapped[list[Phone]] = relationship(cascade="all, delete-orphan")
    schedules: Mapped[list[Schedule]] = relationship(cascade="all, delete-orphan")
    areas: Mapped[list[ServiceArea]] = relationship(cascade="all, delete-orphan")
    translations: Mapped[list[ServiceTranslation]] = relationship(cascade="all, delete-orphan")
    at_locations: Mapped[list[ServiceAtLocation]] = relationship(cascade="all, delete-orphan")


class ServiceCategory(Base):
    """A taxonomy code of PRODUCT.md on a service (HSDS taxonomy_term via attribute)."""

    __tablename__ = "service_category"
    __table_args__ = (Index("ix_service_category_category", "category", "service_id"),)

    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(32), primary_key=True)


class ServiceLanguage(Base):
    """A language the service's staff speak (HSDS language)."""

    __tablename__ = "service_language"

    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(16), primary_key=True)


class ServiceTranslation(Base):
    """The service's name and description in another language."""

    __tablename__ = "service_translation"

    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text, default=None)


class Location(Base):
    """Where a service is delivered (HSDS location + address)."""

    __tablename__ = "location"
    __table_args__ = (
        Index("ix_location_country_city", "country", "city_key"),
        Index("ix_location_lat_lon", "latitude", "longitude"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), default=None
    )
    name: Mapped[str | None] = mapped_column(String(255), default=None)
    address_1: Mapped[str | None] = mapped_column(String(255), default=None)
    city: Mapped[str] = mapped_column(String(128))
    city_key: Mapped[str] = mapped_column(String(128))
    postal_code: Mapped[str | None] = mapped_column(String(32), default=None)
    country: Mapped[str] = mapped_column(String(2))
    latitude: Mapped[float | None] = mapped_column(Float, default=None)
    longitude: Mapped[float | None] = mapped_column(Float, default=None)


class ServiceAtLocation(Base):
    """A service delivered at a location (HSDS service_at_location)."""

    __tablename__ = "service_at_location"
    __table_args__ = (UniqueConstraint("service_id", "location_id"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    location_id: Mapped[str] = mapped_column(
        ForeignKey("location.id", ondelete="CASCADE"), index=True
    )

    location: Mapped[Location] = relationship()


class Phone(Base):
    """A number to call or message (HSDS phone)."""

    __tablename__ = "phone"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(String(255), default=None)


class Schedule(Base):
    """Weekly opening hours in the service's time zone (HSDS schedule, freq=WEEKLY).

    ``weekday`` is ISO (1 = Monday). A period that ends at or before it starts runs past
    midnight into the next day.
    """

    __tablename__ = "schedule"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int] = mapped_column(Integer)
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))


class ServiceArea(Base):
    """Where a service is available: a country, a city in it, or remote (HSDS service_area)."""

    __tablename__ = "service_area"
    __table_args__ = (Index("ix_service_area_country_city", "country", "city_key"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    country: Mapped[str | None] = mapped_column(String(2), default=None)
    city_key: Mapped[str | None] = mapped_column(String(128), default=None)
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
