"""Declaration checks (DC): a target declaration (绩效目标申报表) on its own, per 财预〔2021〕101号 and the local rules."""
