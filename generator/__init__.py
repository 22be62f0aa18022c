"""ecplan: writes the 创建工作方案 for a 国家电子商务示范城市 from one YAML file."""

__version__ = "0.1.0"
