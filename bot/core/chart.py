"""The statistics as a PNG: questions per day, stacked by outcome, and the most asked entries.

Drawn with Pillow and its built-in font (no font files, no plotting library): one wheel, and a chart takes a few
milliseconds. Only entry ids and figures are drawn, never members' text. Call it off the event loop.
"""

from __future__ import annotations

import io
from datetime import date

from PIL import Image, ImageDraw, ImageFont

from bot.core.insight import LABELS, STATUSES, Stats

WIDTH, HEIGHT = 900, 520
MARGIN = 20
BACKGROUND = (255, 255, 255)
INK = (32, 34, 37)
GRID = (225, 227, 230)
MUTED = (110, 114, 120)
COLOURS = {
    "answered": (46, 160, 67),
    "partial": (219, 154, 4),
    "ambiguous": (88, 101, 242),
    "not_covered": (218, 55, 60),
}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(size: int) -> Font:
    return ImageFont.load_default(size)


def _step(top: int) -> int:
    """A round step for the y axis giving at most about five grid lines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000):
        if top / step <= 5:
            return step
    return max(1, top // 5)


def _date(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def stats_png(stats: Stats) -> bytes:
    """The chart of ``stats`` as PNG bytes (WIDTH × HEIGHT)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    title, small = _font(18), _font(12)
    plural = "s" if stats.days != 1 else ""
    draw.text((MARGIN, MARGIN), f"Questions per day, last {stats.days} day{plural} (UTC)", fill=INK, font=title)

    # The legend: each outcome with its total and share.
    x = MARGIN
    for status in STATUSES:
        text = f"{LABELS[status]} {stats.totals[status]} ({stats.rate(status):.0%})"
        draw.rectangle((x, 52, x + 11, 63), fill=COLOURS[status])
        draw.text((x + 16, 51), text, fill=INK, font=small)
        x += 16 + int(draw.textlength(text, font=small)) + 18

    # Questions per day: stacked bars on a grid.
    left, right, top, bottom = MARGIN + 40, 600, 80, HEIGHT - 50
    highest = max((day.total for day in stats.daily), default=0)
    step = _step(max(highest, 1))
    ceiling = max(step, -(-highest // step) * step)
    for value in range(0, ceiling + 1, step):
        y = bottom - (bottom - top) * value / ceiling
        draw.line((left, y, right, y), fill=GRID)
        label = str(value)
        draw.text((left - 6 - draw.textlength(label, font=small), y - 7), label, fill=MUTED, font=small)
    slot = (right - left) / max(len(stats.daily), 1)
    dense = slot < 4  # too many days for gaps between bars: each day fills its slot
    bar = min(slot * 0.7, 60.0)
    every = max(1, round(len(stats.daily) / 8))  # at most about eight date labels
    for i, day in enumerate(stats.daily):
        if dense:
            x0, x1 = round(left + i * slot), round(left + (i + 1) * slot) - 1
        else:
            x0 = round(left + i * slot + (slot - bar) / 2)
            x1 = round(x0 + bar) - 1
        x1 = max(x0, x1)
        below = 0  # the day's questions stacked so far; pixels come from running sums, so no rounding drifts
        for status in STATUSES:
            count = day.counts.get(status, 0)
            if count:
                low = bottom - round((bottom - top) * below / ceiling)
                high = bottom - round((bottom - top) * (below + count) / ceiling)
                if high < low:  # a count too small for a pixel at this scale is not drawn
                    draw.rectangle((x0, high, x1, low - 1), fill=COLOURS[status])
                below += count
        if (len(stats.daily) - 1 - i) % every == 0:  # always label the last day (today)
            label = _date(day.day)
            centre = (x0 + x1) / 2
            draw.text((centre - draw.textlength(label, font=small) / 2, bottom + 6), label, fill=MUTED, font=small)
    draw.line((left, bottom, right, bottom), fill=INK)
    if not highest:
        draw.text((left + 12, top + 12), "No questions in this period.", fill=MUTED, font=small)

    # The most asked entries, as horizontal bars.
    panel = 630
    draw.text((panel, 80), "Most asked (answered)", fill=INK, font=_font(14))
    most = max((count for _, count in stats.top), default=0)
    for row, (entry, count) in enumerate(stats.top):
        y = 108 + row * 44
        name = entry if len(entry) <= 34 else entry[:33] + "…"
        draw.text((panel, y), name, fill=INK, font=small)
        length = (WIDTH - MARGIN - panel - 40) * count / most
        draw.rectangle((panel, y + 17, panel + max(length, 2), y + 29), fill=COLOURS["answered"])
        draw.text((panel + max(length, 2) + 6, y + 16), str(count), fill=MUTED, font=small)
    if not stats.top:
        draw.text((panel, 108), "Nothing answered yet.", fill=MUTED, font=small)
    draw.text((panel, bottom + 6), f"Open unanswered: {stats.open_unanswered}", fill=MUTED, font=small)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
