"""Indicator checks (IN): the 总分 row, each row's target, 完成值, 分值 and 得分, and the weight tree."""
