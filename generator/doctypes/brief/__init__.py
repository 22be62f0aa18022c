"""A city's 创建工作方案要点 (brief): outline, schema, rules and context."""
