"""The statistics chart: a PNG of the stated size for any window, from one day to a year, busy or empty."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

import pytest
from PIL import Image

from bot.core.chart import COLOURS, HEIGHT, WIDTH, stats_png
from bot.core.insight import Day, Stats


def window(days: int, counts: list[dict[str, int]]) -> list[Day]:
    return [Day(date(2026, 1, 1) + timedelta(days=i), counts[i % len(counts)]) for i in range(days)]


@pytest.mark.parametrize(
    "figures",
    [
        Stats(1, window(1, [{"answered": 3, "not_covered": 1}]), [("davos-meeting", 2)], 1),
        Stats(7, window(7, [{}]), [], 0),  # nothing asked
        # A year with a day of one question beside days of thousands (less than a pixel), and a long entry id.
        Stats(366, window(366, [{"answered": 4000, "partial": 1}, {"not_covered": 1}]), [("x" * 60, 9)], 3),
        Stats(30, window(30, [{s: random.Random(i).randint(0, 50) for s in COLOURS} for i in range(30)]), [], 0),
    ],
    ids=["one day", "empty", "a year, tiny days", "a month"],
)
def test_any_window_draws_a_png_of_the_stated_size(figures: Stats) -> None:
    image = Image.open(io.BytesIO(stats_png(figures)))
    image.load()
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
    colours = {colour for _, colour in image.convert("RGB").getcolors(WIDTH * HEIGHT) or []}
    drawn = {status for status, colour in COLOURS.items() if colour in colours}
    assert drawn == set(COLOURS)  # the legend, at least, names every outcome in its colour
    if figures.answered:
        bars = image.convert("RGB").crop((60, 80, 600, HEIGHT - 50))
        assert COLOURS["answered"] in {c for _, c in bars.getcolors(WIDTH * HEIGHT) or []}
