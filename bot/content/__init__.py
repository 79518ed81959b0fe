"""The content rules engine: campaign teams decide what the bot says (rules/content/)."""
