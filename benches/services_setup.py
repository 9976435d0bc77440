"""`make bench-services`: the workspace both services read (a schema of its own), made with the
Python binding. Prints the customer's link code."""

import decimal
import sys

import orderlink

url, schema = sys.argv[1:3]
store = orderlink.PostgresStore(url, schema=schema)
ws = orderlink.Workspace("Services Bench", store=store)
ws.upsert_products(
    [{"sku": f"SKU-{i:04}", "name": f"Product {i}", "base_price": decimal.Decimal(100 + i) / 100} for i in range(200)]
)
customer = ws.create_customer("Bench Deli")
print(customer.link_code)
