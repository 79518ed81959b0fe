"""rasa-sdk custom actions and the NLG route (thin adapters over ``bot``)."""
