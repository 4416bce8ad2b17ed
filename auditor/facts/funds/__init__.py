"""Fund blocks in any layout: the 项目资金 / 资金投入情况 header, its rows, and their numbers.

The reader walks the token stream (`facts.tokens`) instead of a grid, so a block reads the
same whether it arrived as a .docx table, pipes with empty runs, one cell per line, or a
whole table on one line with its numbers glued together. It recognises three things in the
words: the header's column labels (年初预算数, 全年预算数(A), 执行率(B/A) …), row labels
(年度资金总额, 其中：当年财政拨款, 上年结转资金 …) and labels that end the block (年度总体目标,
绩效指标 …). Numbers between a row label and the next label are the row's values, and
`funds.readings` and `funds.rows` decide which column each belongs to.

The modules, in reading order: `labels` (the events and the header), `blocks` (`read_blocks`),
`rows` (one reading per row, jointly), `readings` (every reading of one row), `glued` (split
digits) and `columns` (columns, slots, readings and the relations they make hold).
"""
