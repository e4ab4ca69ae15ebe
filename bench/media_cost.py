"""Course media's storage and delivery cost per learning hour at 20 million users: a model, not a measurement.

What a learning hour moves: a video hour is the HLS ladder's bit rates (the deployed MediaConvert ladder,
infra/constructs/media.py, video ceiling + audio) weighted by the share of viewing each rendition gets on
Indian connections (assumed below); an audio hour its bit rate; a pdf or SCORM hour the bytes a learner
typically opens in it (assumed). Requests: one per HLS segment (6 s) plus the playlists, one per range
request of a pdf or audio, the files of a SCORM package. Every byte leaves CloudFront's India edges at the
tiered India prices; S3 serves CloudFront's origin fetches free (AWS origin) and bills its own GET requests
for cache misses (assumed miss ratio). Storage: the library's sources, ladders, posters and packages in S3
Standard in ap-south-1, plus its versions and the week of `uploads/` before they expire.

The learning itself is an assumption too: monthly active learners and hours per active learner (below, the
figures iGOT publishes are of the same order: tens of millions of course enrolments a year). Change them
with the flags; the prices are AWS's published on-demand prices as known on PRICES_DATE (this machine cannot
reach the price list API — check before budgeting)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "layers/core/python")]

from bench.report import write_json  # noqa: E402

PRICES_DATE = "2025-11 (AWS public price lists: CloudFront India edge, S3 ap-south-1; not fetched live)"
# CloudFront data transfer out to the internet from India edge locations, USD per GB, by monthly tier (TB).
CLOUDFRONT_INDIA_TIERS = (
    (10, 0.109), (40, 0.085), (100, 0.082), (350, 0.080), (524, 0.078), (4 * 1024, 0.075), (float("inf"), 0.072),
)
CLOUDFRONT_HTTPS_PER_10K = 0.0120  # India, HTTPS GET/HEAD
S3_STANDARD_GB_MONTH = 0.025  # ap-south-1, first 50 TB (the library stays well under the next tier)
S3_GET_PER_1000 = 0.0004  # cache misses: CloudFront's origin fetches (the bytes are free from an AWS origin)

SEGMENT_SECONDS = 6
AUDIO_TRACK_BPS = 96_000  # the ladder's AAC track (infra/constructs/media.py)
# Share of video viewing per rendition on Indian connections (assumed: most district offices and phones on
# 4G at a few Mbps settle at 480p; 240p on weak links; 720p on office broadband).
RENDITION_SHARE = {"240p": 0.30, "480p": 0.50, "720p": 0.20}
VIDEO_BITRATE_USE = 0.6  # QVBR's average against its ceiling for lecture video (slides, a speaker): assumed


@dataclass(frozen=True)
class Mix:
    """What a learning hour is made of (assumed: iGOT's catalogue is mostly video lectures)."""
    video: float = 0.65
    audio: float = 0.05
    pdf: float = 0.20
    scorm: float = 0.10


AUDIO_BPS = 128_000
PDF_MB_PER_HOUR = 12.0  # ~40 pages of a handout at ~300 KB a page (images)
PDF_REQUESTS_PER_HOUR = 60  # range requests of a viewer fetching pages
SCORM_MB_PER_HOUR = 25.0
SCORM_REQUESTS_PER_HOUR = 120
CACHE_MISS_RATIO = 0.05


@dataclass(frozen=True)
class Library:
    """The catalogue kept in S3 (assumed: ~5,000 courses, as iGOT's order of magnitude, ~3 h each)."""
    video_hours: float = 10_000
    audio_hours: float = 1_000
    pdf_gb: float = 500
    scorm_gb: float = 500
    source_gbph: float = 1.5  # a 1080p master as creators export it, GB per hour (kept: re-transcoding)
    version_overhead: float = 0.15  # replaced versions kept 30 days, uploads kept 7 days


def ladder() -> list[tuple[str, int]]:
    """(rendition, video bit-rate ceiling) of the deployed ladder: infra/constructs/media.py's LADDER, read
    from its source (importing the CDK would start its Node process for one constant)."""
    import ast

    tree = ast.parse((ROOT / "infra/constructs/media.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "LADDER" for t in node.targets):
            return [(str(entry[0]), int(entry[-1])) for entry in ast.literal_eval(node.value)]
    raise SystemExit("infra/constructs/media.py has no LADDER")


def cloudfront_transfer_cost(gb: float) -> float:
    cost, left = 0.0, gb
    for tier_tb, price in CLOUDFRONT_INDIA_TIERS:
        take = min(left, tier_tb * 1024)
        cost += take * price
        left -= take
        if left <= 0:
            break
    return cost


def per_hour(mix: Mix, rungs: list[tuple[str, int]]) -> dict[str, float]:
    """GB and requests one learning hour delivers, by kind and in all."""
    video_bps = sum(RENDITION_SHARE.get(name, 0.0) * (bps * VIDEO_BITRATE_USE + AUDIO_TRACK_BPS) for name, bps in rungs)
    video_bps /= sum(RENDITION_SHARE.get(name, 0.0) for name, _ in rungs) or 1
    gb = {
        "video": mix.video * video_bps * 3600 / 8 / 1e9,
        "audio": mix.audio * AUDIO_BPS * 3600 / 8 / 1e9,
        "pdf": mix.pdf * PDF_MB_PER_HOUR / 1024,
        "scorm": mix.scorm * SCORM_MB_PER_HOUR / 1024,
    }
    requests = (mix.video * (3600 / SEGMENT_SECONDS + 3) + mix.audio * 60 + mix.pdf * PDF_REQUESTS_PER_HOUR
                + mix.scorm * SCORM_REQUESTS_PER_HOUR)
    return {**{f"{k}Gb": v for k, v in gb.items()}, "gb": sum(gb.values()), "requests": requests,
            "videoMbps": video_bps / 1e6}


def library_gb(library: Library, rungs: list[tuple[str, int]]) -> float:
    ladder_gbph = sum(bps * VIDEO_BITRATE_USE + AUDIO_TRACK_BPS for _, bps in rungs) * 3600 / 8 / 1e9
    video = library.video_hours * (ladder_gbph + library.source_gbph)
    audio = library.audio_hours * AUDIO_BPS * 3600 / 8 / 1e9
    return (video + audio + library.pdf_gb + library.scorm_gb) * (1 + library.version_overhead)


def model(users: int, active_share: float, hours_per_active: float, mix: Mix, library: Library) -> dict[str, Any]:
    rungs = ladder()
    hour = per_hour(mix, rungs)
    hours = users * active_share * hours_per_active
    delivered_gb = hours * hour["gb"]
    requests = hours * hour["requests"]
    stored_gb = library_gb(library, rungs)
    monthly = {
        "cloudfrontTransfer": cloudfront_transfer_cost(delivered_gb),
        "cloudfrontRequests": requests / 10_000 * CLOUDFRONT_HTTPS_PER_10K,
        "s3OriginGets": requests * CACHE_MISS_RATIO / 1000 * S3_GET_PER_1000,
        "s3Storage": stored_gb * S3_STANDARD_GB_MONTH,
        "lambdaBytes": 0.0,  # play answers an address; no byte of a file passes through Lambda or API Gateway
    }
    total = sum(monthly.values())
    return {"learningHoursPerMonth": hours, "perHour": hour, "deliveredTbPerMonth": delivered_gb / 1024,
            "storedTb": stored_gb / 1024, "monthlyUsd": {**monthly, "total": total},
            "usdPerLearningHour": total / hours, "ladder": rungs}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20_000_000)
    parser.add_argument("--active-share", type=float, default=0.25, help="monthly active learners / users")
    parser.add_argument("--hours", type=float, default=3.0, help="learning hours per active learner per month")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    mix, library = Mix(), Library()
    figures = model(args.users, args.active_share, args.hours, mix, library)
    hour = figures["perHour"]
    print(f"course media: storage and delivery per learning hour — prices as of {PRICES_DATE}")
    print(f"prices: CloudFront India transfer tiers (TB, $/GB) {CLOUDFRONT_INDIA_TIERS[:-1]} then "
          f"${CLOUDFRONT_INDIA_TIERS[-1][1]}; HTTPS ${CLOUDFRONT_HTTPS_PER_10K}/10k; S3 Standard "
          f"${S3_STANDARD_GB_MONTH}/GB-month; S3 GET ${S3_GET_PER_1000}/1k")
    print(f"assumed: {args.users:,} users, {args.active_share:.0%} active a month, {args.hours} h each; "
          f"hour mix {mix}; renditions watched {RENDITION_SHARE} at {VIDEO_BITRATE_USE:.0%} of the ladder's "
          f"ceilings {figures['ladder']}; library {library}")
    print(f"\nlearning hours a month: {figures['learningHoursPerMonth']:,.0f}")
    print(f"one learning hour: {hour['gb'] * 1024:,.0f} MB ({hour['videoMbps']:.2f} Mbit/s while video plays), "
          f"{hour['requests']:,.0f} requests")
    print(f"delivered a month: {figures['deliveredTbPerMonth']:,.0f} TB; stored: {figures['storedTb']:,.1f} TB")
    print("\nmonthly cost (USD):")
    for name, value in figures["monthlyUsd"].items():
        print(f"  {name:<22}{value:>14,.0f}")
    print(f"\ncost per learning hour: ${figures['usdPerLearningHour']:.4f}"
          f" (₹{figures['usdPerLearningHour'] * 84:.2f} at ₹84/$); bytes of media through Lambda: 0")
    write_json(args.json, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
