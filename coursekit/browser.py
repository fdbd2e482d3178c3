"""Headless Chromium as the project runs it: Debian's build, offline-safe flags."""

#: Debian's Chromium (`apt-get install chromium`); never a browser downloaded by Playwright.
CHROMIUM = "/usr/bin/chromium"
#: Without the background-networking flags Chromium keeps calling home on a closed network.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
