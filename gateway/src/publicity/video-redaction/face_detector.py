"""Face boxes for liuhen's video redaction (gateway/src/publicity/video-redaction/detect-faces.ts).

Reads raw 8-bit grey frames, WIDTH x HEIGHT bytes each, on stdin (ffmpeg decodes and samples the
footage; this script only detects) and writes one JSON line per frame on stdout:
{"faces": [[x, y, w, h], ...]} in the pixels of the frames it was given.

OpenCV's Haar cascades, as Debian ships them (python3-opencv, opencv-data): frontal faces
(haarcascade_frontalface_alt2, the most precise of the frontal ones on our test photos) and
profiles (haarcascade_profileface, which only knows faces turned one way: run again on the
mirrored frame for the other). Frontal faces are also looked for on the frame turned by +/- TILT
degrees (--tilt): the cascades only know upright faces (a head tilted 20 degrees is missed) and a
body-worn camera is often not level; the box found is mapped back as the upright box around it.
Overlapping boxes are merged into their union: for redaction a box too big costs a little blur, a
box too small leaves part of a face visible.

Exit codes the caller turns into advice: 3 = no cv2 module, 4 = cascade files not found.
"""

import argparse
import json
import os
import sys

try:
    import cv2
    import numpy as np
except ImportError as e:  # the caller's message says which packages to install
    sys.stderr.write(f"no-cv2: {e}\n")
    sys.exit(3)

CASCADE_DIRS = [
    "/usr/share/opencv4/haarcascades",  # Debian/Ubuntu opencv-data
    "/usr/share/opencv/haarcascades",
    getattr(getattr(cv2, "data", None), "haarcascades", ""),  # pip's opencv-python
]
FRONTAL = "haarcascade_frontalface_alt2.xml"
PROFILE = "haarcascade_profileface.xml"


def load(name, dirs):
    for d in dirs:
        path = os.path.join(d, name) if d else ""
        if path and os.path.exists(path):
            c = cv2.CascadeClassifier(path)
            if not c.empty():
                return c
    sys.stderr.write(f"no-cascade: {name} not found in {', '.join(d for d in dirs if d)}\n")
    sys.exit(4)


def overlaps(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = min(ax + aw, bx + bw) - max(ax, bx)
    iy = min(ay + ah, by + bh) - max(ay, by)
    if ix <= 0 or iy <= 0:
        return False
    # Any real overlap of two face boxes is the same face seen by two cascades or at two scales.
    return ix * iy >= 0.25 * min(aw * ah, bw * bh)


def merge(boxes):
    boxes = [list(map(int, b)) for b in boxes]
    merged = True
    while merged:
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                if overlaps(boxes[i], boxes[j]):
                    a, b = boxes[i], boxes[j]
                    x0, y0 = min(a[0], b[0]), min(a[1], b[1])
                    x1, y1 = max(a[0] + a[2], b[0] + b[2]), max(a[1] + a[3], b[1] + b[3])
                    boxes[i] = [x0, y0, x1 - x0, y1 - y0]
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    return boxes


def tilted(cascade, grey, degrees, opts):
    """Frontal faces on the frame turned by `degrees` (about its centre; the corners turned out of
    the picture are not searched), as upright boxes in the frame's own pixels."""
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    back = cv2.invertAffineTransform(m)
    boxes = []
    for x, y, bw, bh in cascade.detectMultiScale(cv2.warpAffine(grey, m, (w, h)), **opts):
        corners = np.array([[x, y, 1], [x + bw, y, 1], [x, y + bh, 1], [x + bw, y + bh, 1]], dtype=np.float64)
        pts = corners @ back.T
        x0, y0 = np.maximum(pts.min(axis=0), 0)
        x1, y1 = np.minimum(pts.max(axis=0), [w, h])
        if x1 > x0 and y1 > y0:
            boxes.append((int(x0), int(y0), int(np.ceil(x1 - x0)), int(np.ceil(y1 - y0))))
    return boxes


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--width", type=int, required=True)
    p.add_argument("--height", type=int, required=True)
    p.add_argument("--cascades", default="", help="folder holding the haarcascade_*.xml files")
    p.add_argument("--min-size", type=int, default=20, help="smallest face side in pixels")
    p.add_argument("--scale-factor", type=float, default=1.1)
    p.add_argument("--min-neighbors", type=int, default=4)
    p.add_argument("--no-profile", action="store_true")
    p.add_argument("--tilt", type=float, default=0.0, help="also search frames turned by +/- this many degrees")
    a = p.parse_args()

    dirs = [a.cascades] + CASCADE_DIRS if a.cascades else CASCADE_DIRS
    frontal = load(FRONTAL, dirs)
    profile = None if a.no_profile else load(PROFILE, dirs)
    size = a.width * a.height
    buf = bytearray(size)
    view = memoryview(buf)
    stdin = sys.stdin.buffer
    out = sys.stdout
    opts = dict(scaleFactor=a.scale_factor, minNeighbors=a.min_neighbors, minSize=(a.min_size, a.min_size))
    # Each turned pass is one more chance to see a face in a texture (testsrc2's checkers did, at
    # the usual 4 neighbours): ask more of it. Faces turned 20-35 degrees still pass at 8.
    tilt_opts = dict(opts, minNeighbors=a.min_neighbors + 4)

    while True:
        got = 0
        while got < size:
            n = stdin.readinto(view[got:])
            if not n:
                break
            got += n
        if got < size:  # end of stream (a torn last frame cannot be a whole picture)
            break
        grey = np.frombuffer(buf, dtype=np.uint8).reshape(a.height, a.width)
        # Body-worn footage is often backlit or dim: equalising the histogram helps the cascades.
        grey = cv2.equalizeHist(grey)
        boxes = [tuple(b) for b in frontal.detectMultiScale(grey, **opts)]
        if a.tilt:
            boxes += tilted(frontal, grey, a.tilt, tilt_opts) + tilted(frontal, grey, -a.tilt, tilt_opts)
        if profile is not None:
            boxes += [tuple(b) for b in profile.detectMultiScale(grey, **opts)]
            mirrored = cv2.flip(grey, 1)
            for x, y, w, h in profile.detectMultiScale(mirrored, **opts):
                boxes.append((a.width - x - w, y, w, h))
        out.write(json.dumps({"faces": merge(boxes)}) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
