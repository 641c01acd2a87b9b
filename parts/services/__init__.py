"""Stock services (writes). Each is keyword-only, atomic, and locks the stock lines it moves."""

from parts.services.stock import (
    stock_count_post,
    stock_count_record,
    stock_count_start,
    stock_level_set_minimum,
    stock_receive,
    supplier_order_place,
    supplier_order_receive,
)
from parts.services.tickets import (
    charged_price,
    part_reserve,
    part_use,
    reservation_consume,
    reservation_release,
    store_for_ticket,
    warehouse,
)
from parts.services.transfers import (
    transfer_cancel,
    transfer_receive,
    transfer_request,
    transfer_ship,
)

__all__ = [
    "charged_price",
    "part_reserve",
    "part_use",
    "reservation_consume",
    "reservation_release",
    "stock_count_post",
    "stock_count_record",
    "stock_count_start",
    "stock_level_set_minimum",
    "stock_receive",
    "store_for_ticket",
    "supplier_order_place",
    "supplier_order_receive",
    "transfer_cancel",
    "transfer_receive",
    "transfer_request",
    "transfer_ship",
    "warehouse",
]
