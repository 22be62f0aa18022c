"""The 国家电子商务示范城市创建工作方案 (city plan): outline, schema, rules, context and 摘要."""
