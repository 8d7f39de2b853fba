"""Stock screens: the browser (库存查询) and its detail dialog."""
