"""The service-finding form: what kind of help, in which country."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import SLOT_COUNTRY, SLOT_SERVICE_TYPE
from actions.safety import utter_hotline
from bot.i18n.responses import book
from bot.places import normalise_country


class ValidateServiceForm(FormValidationAction):
    """Check the category against the taxonomy and turn the place into an ISO code."""

    def name(self) -> str:
        """Name of the action."""
        return "validate_service_form"

    def validate_service_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep only the taxonomy codes of PRODUCT.md."""
        if isinstance(value, str) and value in book().service_types:
            return {SLOT_SERVICE_TYPE: value}
        return {SLOT_SERVICE_TYPE: None}

    def validate_country(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accept a country name in any served language, or an ISO code."""
        code = normalise_country(value if isinstance(value, str) else None)
        if code is None:
            dispatcher.utter_message(response="utter_country_not_recognised")
        return {SLOT_COUNTRY: code}


class ActionSearchServices(Action):
    """Point the person to help for the chosen category and country."""

    def name(self) -> str:
        """Name of the action."""
        return "action_search_services"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Refer to the hotline, which knows the services of the country."""
        dispatcher.utter_message(
            response="utter_service_search_hotline",
            service_type=tracker.get_slot(SLOT_SERVICE_TYPE),
            country=tracker.get_slot(SLOT_COUNTRY),
        )
        utter_hotline(dispatcher)
        return [SlotSet(SLOT_SERVICE_TYPE, None)]
