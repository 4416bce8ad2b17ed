"""The report as text and model: spans, amounts, normalisation, outline markers, word cutting, and the error tree every layer raises."""
