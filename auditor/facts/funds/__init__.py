"""A fund block's rows solved by their arithmetic: which printed value stands in which column.

`auditor.facts.decode.fund` cuts the cells under a fund header into rows at their labels
(`labels`: 年度资金总额, 其中：当年财政拨款 …); here every reading of a row is weighed
(`readings`, with `glued` splitting digits run together), one reading per row is chosen
jointly so the sub-rows add up to the total (`rows`, `joint`), and the block is kept as a `FundBlock`
(`blocks`). `columns` holds the columns, slots and the relations a reading makes hold
(执行率 = 执行数 ÷ 预算数, 得分 = 分值 × 执行率).
"""
