"""The demo's film and sound, made at set-up by our own code and ffmpeg (nothing is downloaded):
a slow pan down one of the demo photographs with a soft drone under it, and a short melody of a
plucked string over a low drone (synthesized with numpy, encoded by ffmpeg). Each comes with its
label, transcript and WebVTT captions in English, Chinese and Russian.

Encoding is kept short and fast (VP9 in real-time mode, a few seconds of media): `make run`
loads the demo on first start. Tests load the demo with small images, and get a smaller film.
"""

from __future__ import annotations

import functools
import io
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np
from PIL import Image

from exhibitions.ops.demo_exhibitions import t

# The demo object the film looks at: a tomb figure of a camel and its rider.
FILM_OBJECT = "NMC-2021-003"
RATE = 48_000
FILM_SECONDS = 8
SOUND_SECONDS = 10
ENCODE_TIMEOUT = 120
# A pentatonic tune (semitones above D3), one note per beat; None is a rest.
TUNE = [12, 14, 16, 19, 16, 14, 12, None, 9, 12, 14, 12, 9, 7, 9, None, 12, 16, 14, 12]
BEAT = 0.45


def _vtt(*cues: tuple[float, float, str]) -> bytes:
    def stamp(seconds: float) -> str:
        return f"00:{int(seconds) // 60:02d}:{seconds % 60:06.3f}"
    return ("WEBVTT\n\n" + "\n\n".join(f"{stamp(start)} --> {stamp(end)}\n{text}"
                                      for start, end, text in cues) + "\n").encode()


def _captions(cues: list[tuple[float, float, dict[str, list[str]]]]) -> dict[str, bytes]:
    """WebVTT files per language from cues whose texts are language maps."""
    return {language: _vtt(*((start, end, text[language][0]) for start, end, text in cues))
            for language in ("en", "zh", "ru")}


# What each piece says of itself: the file name it is uploaded as, its label and transcript, its captions.
FILM = {
    "name": "camel-and-rider.webm",
    "label": t("A camel and its rider", "骆驼与骑者", "Верблюд и всадник"),
    "transcript": t("A slow look down a tomb figure of a Bactrian camel, from the traveller on its back to its "
                    "feet, with a soft drone. Figures like this were placed in tombs in Tang China; they show "
                    "the animals that carried the caravans across the deserts.",
                    "伴着柔和的持续低音，镜头沿一件双峰驼随葬俑缓缓下移，从驼背上的旅人直到驼足。"
                    "这类陶俑见于中国唐代墓葬，描绘了驮着商队穿越沙漠的骆驼。",
                    "Под тихий гул взгляд медленно скользит по погребальной фигурке двугорбого "
                    "верблюда — от путника на его спине до копыт. Такие фигурки клали в гробницы "
                    "в Китае эпохи Тан; они изображают животных, что несли караваны через пустыни."),
    "captions": _captions([
        (0.0, 3.0, t("A traveller rides high on the camel's back.", "旅人高坐驼背。",
                     "Путник сидит высоко на спине верблюда.")),
        (3.0, 6.0, t("His bundles hang at the camel's sides.", "他的行囊挂在骆驼两侧。",
                     "Его тюки свисают по бокам верблюда.")),
        (6.0, 8.0, t("Camels carried the caravans across the deserts.", "骆驼驮着商队穿越沙漠。",
                     "Верблюды несли караваны через пустыни.")),
    ]),
}
SOUND = {
    "name": "plucked-melody.ogg",
    "label": t("A plucked melody (made for this exhibition)", "弹拨小曲（为本展览制作）",
               "Щипковая мелодия (создана для выставки)"),
    "transcript": t("Music, about ten seconds long: a plucked string instrument plays a short pentatonic tune "
                    "over a low drone. It was synthesized for the demo, not recorded from a historical "
                    "instrument.",
                    "一段约十秒的音乐：一件弹拨乐器在低沉的持续音上奏出一段五声音阶短曲。它是为演示合成的，"
                    "并非历史乐器的录音。",
                    "Музыка длительностью около десяти секунд: щипковый инструмент играет короткую "
                    "пентатоническую мелодию на фоне низкого бурдона. Она синтезирована для демонстрации, "
                    "а не записана на историческом инструменте."),
    "captions": _captions([
        (0.0, 4.5, t("[plucked strings: a rising tune]", "[弹拨声：上行的旋律]",
                     "[щипковые струны: восходящий напев]")),
        (4.5, 10.0, t("[the tune falls back over a low drone]", "[旋律在低沉的持续音上回落]",
                      "[напев опускается над низким бурдоном]")),
    ]),
}


def _pluck(frequency: float, seconds: float) -> np.ndarray:
    """One plucked note: harmonics that fade, the higher ones sooner, after a quick attack."""
    time = np.arange(int(seconds * RATE)) / RATE
    note = sum(np.sin(2 * np.pi * frequency * k * time) * (0.9 ** k / k) * np.exp(-time * (2.5 + 1.8 * k))
               for k in range(1, 8))
    return note * np.minimum(1.0, time / 0.004)


def _drone(frequency: float, seconds: float, level: float) -> np.ndarray:
    """A soft held note (a fifth above it too) that swells in and fades out."""
    time = np.arange(int(seconds * RATE)) / RATE
    tone = np.sin(2 * np.pi * frequency * time) + 0.5 * np.sin(2 * np.pi * frequency * 1.5 * time)
    envelope = np.minimum(1.0, np.minimum(time / 1.5, (seconds - time) / 1.5))
    return level * tone * envelope


def _wav(samples: np.ndarray) -> bytes:
    pcm = (np.clip(samples / max(1e-9, float(np.abs(samples).max())) * 0.8, -1, 1) * 32767).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())
    return buffer.getvalue()


def _ffmpeg(arguments: list[str], work: Path, output: str) -> bytes:
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", *arguments, str(work / output)], check=True,
                   timeout=ENCODE_TIMEOUT, cwd=work)
    return (work / output).read_bytes()


@functools.cache
def sound() -> bytes:
    """The plucked melody over a drone, as Opus in Ogg (the same bytes every time)."""
    base = 146.83  # D3
    melody = np.zeros(SOUND_SECONDS * RATE)
    for beat, step in enumerate(TUNE):
        if step is not None:
            start = int(beat * BEAT * RATE)
            note = _pluck(base * 2 ** (step / 12), min(2.0, SOUND_SECONDS - beat * BEAT))
            melody[start:start + len(note)] += note
    samples = melody + _drone(base / 2, SOUND_SECONDS, 0.35)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "sound.wav").write_bytes(_wav(samples))
        return _ffmpeg(["-i", "sound.wav", "-c:a", "libopus", "-b:a", "64k", "-map_metadata", "-1",
                        "-fflags", "+bitexact"], work, "sound.ogg")


@functools.cache
def film(photograph: bytes, width: int, height: int) -> bytes:
    """A pan from the top to the bottom of an upright photograph (a window of the film's shape
    across its width), with a soft drone, as VP9 and Opus in WebM. Cached: tests load the demo
    more than once in one session."""
    wide = width * 2  # drawn at twice the size, then scaled down: the pan moves smoothly
    pan = (f"crop={wide}:{height * 2}:x=0:y='(in_h-out_h)*t/{FILM_SECONDS}',"
           f"scale={width}:{height},format=yuv420p")
    # ffmpeg decodes the looped picture again for every frame: it gets it at the pan's width.
    picture = Image.open(io.BytesIO(photograph)).convert("RGB")
    picture = picture.resize((wide, max(height * 2, round(picture.height * wide / picture.width))), Image.LANCZOS)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        picture.save(work / "photograph.jpg", quality=90)
        (work / "drone.wav").write_bytes(_wav(_drone(110.0, FILM_SECONDS, 1.0)))
        return _ffmpeg(["-loop", "1", "-framerate", "25", "-t", str(FILM_SECONDS), "-i", "photograph.jpg",
                        "-i", "drone.wav", "-vf", pan, "-c:v", "libvpx-vp9", "-deadline", "realtime",
                        "-cpu-used", "8", "-b:v", f"{width}k", "-row-mt", "1", "-c:a", "libopus", "-b:a", "64k",
                        "-shortest", "-map_metadata", "-1", "-fflags", "+bitexact"], work, "film.webm")


def film_of(photograph: bytes, small: bool) -> bytes:
    """The demo's film made from a photograph: 640x360, or 320x180 for the tests' small demo."""
    width, height = (320, 180) if small else (640, 360)
    return film(photograph, width, height)
