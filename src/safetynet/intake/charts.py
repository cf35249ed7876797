"""Charts for the dashboard, drawn by plotly.js served from the installed plotly package."""

from __future__ import annotations

import plotly.graph_objects as go
from django.utils import timezone
from django.utils.translation import gettext as _

from safetynet.core.roc import ROC_OFFSET
from safetynet.intake.selectors import DeskStats


def desk_chart(stats: DeskStats) -> str:
    """Reports per month and the share screened within 24 h, as plotly JSON."""
    months = [
        timezone.localtime(m["month"]) if timezone.is_aware(m["month"]) else m["month"]
        for m in stats.monthly
    ]
    labels = [f"{m.year - ROC_OFFSET}/{m.month:02d}" for m in months]
    received = [m["received"] for m in stats.monthly]
    share = [
        round(100 * m["in_time"] / m["received"], 2) if m["received"] else None
        for m in stats.monthly
    ]
    figure = go.Figure()
    figure.add_bar(x=labels, y=received, name=_("Reports received"))
    figure.add_scatter(
        x=labels, y=share, name=_("Screened within 24 h (%)"), yaxis="y2", mode="lines+markers"
    )
    figure.update_layout(
        yaxis={"title": {"text": _("Number of reports")}},
        yaxis2={
            "title": {"text": "%"},
            "overlaying": "y",
            "side": "right",
            "range": [0, 100],
            "dtick": 20,
            "showgrid": False,
        },
        margin={"l": 50, "r": 50, "t": 20, "b": 40},
        legend={"orientation": "h"},
        height=360,
    )
    return str(figure.to_json())
