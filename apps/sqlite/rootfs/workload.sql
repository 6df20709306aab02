-- A workload for the sqlite3 shell whose output is the same wherever
-- SQLite 3.40 runs it: no random(), no clock, every result ordered. The
-- host's `sqlite3 -batch DB < workload.sql` output is the reference for
-- the guest's `sqlite DB ".read /workload.sql"` (apps/sqlite/README.md).
-- DB is a new file: the script exercises a file system (a rollback
-- journal, fsync, locks, VACUUM's temporary database).
.headers on
PRAGMA foreign_keys = ON;

CREATE TABLE region(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE customer(
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	region_id INTEGER NOT NULL REFERENCES region(id)
);
CREATE TABLE product(
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	price_cents INTEGER NOT NULL CHECK (price_cents > 0)
);
CREATE TABLE orders(
	id INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customer(id),
	product_id INTEGER NOT NULL REFERENCES product(id),
	qty INTEGER NOT NULL,
	day INTEGER NOT NULL,
	note TEXT
);

-- 10,000 orders (and their customers and products) in one transaction,
-- from recursive CTEs.
BEGIN;
INSERT INTO region(id, name)
	VALUES (1, 'north'), (2, 'east'), (3, 'south'), (4, 'west');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO customer(id, name, region_id)
	SELECT i, printf('customer-%03d', i), 1 + (i * 7) % 4 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
INSERT INTO product(id, name, price_cents)
	SELECT i, 'product-' || char(65 + (i - 1) % 26) || ((i - 1) / 26),
	       99 + (i * 389) % 5000 FROM n;
-- h: a multiplicative hash of i (Knuth's), so that the data is uneven
-- yet the same everywhere.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000),
	m(i, h) AS (SELECT i, (i * 2654435761) % 4294967296 FROM n)
INSERT INTO orders(id, customer_id, product_id, qty, day, note)
	SELECT i, 1 + (h >> 8) % 200, 1 + (h >> 16) % 50, 1 + (h >> 4) % 9,
	       (h >> 12) % 365,
	       CASE WHEN h % 10 = 0 THEN NULL
	            ELSE printf('order %d: %s', i, substr('abcdefghijklmnopqrstuvwxyz', 1 + h % 26, 1 + h % 7))
	       END
	FROM m;
COMMIT;

CREATE INDEX orders_customer ON orders(customer_id);
CREATE INDEX orders_product_day ON orders(product_id, day);

SELECT count(*) AS orders, sum(qty) AS items, min(day) AS first_day,
       max(day) AS last_day, count(note) AS with_note FROM orders;

-- Joins and aggregates.
SELECT r.name AS region, count(*) AS orders, sum(o.qty) AS items,
       sum(o.qty * p.price_cents) AS cents,
       round(avg(o.qty * p.price_cents) / 100.0, 4) AS avg_dollars
FROM orders o
	JOIN customer c ON c.id = o.customer_id
	JOIN region r ON r.id = c.region_id
	JOIN product p ON p.id = o.product_id
GROUP BY r.name ORDER BY r.name;

SELECT c.name AS customer, count(*) AS orders,
       sum(o.qty * p.price_cents) AS cents
FROM customer c
	JOIN orders o ON o.customer_id = c.id
	JOIN product p ON p.id = o.product_id
GROUP BY c.id ORDER BY cents DESC, c.id LIMIT 10;

SELECT p.name AS product, sum(o.qty) AS items, count(DISTINCT o.customer_id) AS buyers
FROM product p LEFT JOIN orders o ON o.product_id = p.id AND o.day < 30
GROUP BY p.id HAVING items > 80 ORDER BY items DESC, p.id;

-- The index answers this one.
EXPLAIN QUERY PLAN
SELECT count(*) FROM orders WHERE product_id = 7 AND day BETWEEN 100 AND 199;
SELECT count(*) AS product7_days100_199, sum(qty) AS items FROM orders
WHERE product_id = 7 AND day BETWEEN 100 AND 199;

-- A window function, a subquery, a CTE over the data.
SELECT day, daily, sum(daily) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS week
FROM (SELECT day, sum(qty) AS daily FROM orders GROUP BY day)
WHERE day < 14 ORDER BY day;

WITH monthly(month, cents) AS (
	SELECT o.day / 30, sum(o.qty * p.price_cents)
	FROM orders o JOIN product p ON p.id = o.product_id GROUP BY o.day / 30
)
SELECT month, cents, cents - lag(cents) OVER (ORDER BY month) AS change
FROM monthly ORDER BY month;

SELECT group_concat(name, ',') AS top_products FROM (
	SELECT p.name FROM product p
	WHERE p.price_cents > (SELECT avg(price_cents) FROM product)
	ORDER BY p.price_cents DESC, p.id LIMIT 8
);

SELECT json_object('orders', count(*), 'longest_note', max(length(note)),
                   'notes', json_group_array(note)) AS sample
FROM (SELECT note FROM orders WHERE id % 1000 = 1 ORDER BY id);

-- Changes, a savepoint rolled back, and the same totals after VACUUM.
-- (No statement fails: the guest's console carries stderr too.)
BEGIN;
UPDATE orders SET qty = qty + 1 WHERE day % 7 = 0;
DELETE FROM orders WHERE customer_id IN (SELECT id FROM customer WHERE region_id = 4) AND qty > 5;
COMMIT;
SELECT changes() AS deleted, total_changes() AS all_changes;
SELECT count(*) AS orders, sum(qty) AS items FROM orders;
SAVEPOINT s;
DELETE FROM orders;
ROLLBACK TO s;
RELEASE s;
VACUUM;
SELECT count(*) AS orders, sum(qty) AS items, sum(length(note)) AS note_bytes FROM orders;
PRAGMA integrity_check;
PRAGMA foreign_key_check;
PRAGMA page_count;
