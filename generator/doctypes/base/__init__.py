"""The 国家电子商务示范基地创建工作方案 (base plan): outline, schema, rules and context."""
