"""The address of an account's page on a social network, from the handle ("@nama") staff
know it by: site.yaml's `social` wants the address, and the error of a handle gives it."""

from __future__ import annotations

# Network name as written in `social` (small letters) -> its profile address of a handle.
PROFILE_ADDRESSES = {
    "instagram": "https://www.instagram.com/{}/",
    "tiktok": "https://www.tiktok.com/@{}",
    "youtube": "https://www.youtube.com/@{}",
    "facebook": "https://www.facebook.com/{}",
    "x": "https://x.com/{}",
    "twitter": "https://x.com/{}",
    "threads": "https://www.threads.net/@{}",
}


def profile_address(network: str, handle: str) -> str | None:
    """The page of `handle` ("@perpustakaan.jepara") on `network` ("Instagram"), or None
    when the network is not one of PROFILE_ADDRESSES or the handle is no handle."""
    pattern = PROFILE_ADDRESSES.get(network.strip().lower())
    name = handle.strip().removeprefix("@")
    if pattern is None or not name or any(c in name for c in "/: "):
        return None
    return pattern.format(name)
