#!/usr/bin/env python3
"""Disassembles what HotSpot's C2 compiled, without an hsdis plugin.

JDK 17 prints compiled code as hex under [MachCode] when no disassembler plugin loads (Debian's
libhsdis0-fcml has only the old entry point, which JDK 17 no longer calls). This turns one such block
into assembly with binutils' objdump, so a hot loop can be read instruction by instruction
(docs/dither.md, "Reading the compiled loop").

    java -XX:+UnlockDiagnosticVMOptions \\
         -XX:CompileCommand=print,dev.atelier.plugin.dither.api.ErrorDiffusion::floydSteinberg \\
         -cp ... dev.atelier.plugin.dither.bench.CompareBuilds --one-thread --rounds 2 DIR > compiled.txt
    python3 test/bench/hotspot-disassemble.py compiled.txt [BLOCK]   # BLOCK: index, default -1 (the last)
"""
import re
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    try:
        text = open(sys.argv[1]).read()
    except OSError as e:
        sys.exit(f"{sys.argv[1]}: {e.strerror}; pass the JVM's output saved with -XX:CompileCommand=print")
    blocks = re.findall(r'\[MachCode\](.*?)\[/MachCode\]', text, re.S)
    if not blocks:
        sys.exit(f"{sys.argv[1]}: no [MachCode] block; run the JVM with -XX:+UnlockDiagnosticVMOptions "
                 "-XX:CompileCommand=print,CLASS::METHOD")
    block = blocks[int(sys.argv[2]) if len(sys.argv) > 2 else -1]
    code, start = bytearray(), None
    for line in block.splitlines():
        m = re.match(r'\s*0x([0-9a-f]+): (.*)$', line)
        if not m or m.group(2).lstrip().startswith(';'):
            continue  # the JVM's comments (oops, calls, safepoint polls) between the bytes
        address = int(m.group(1), 16)
        if start is None:
            start = address
        if address == start + len(code):
            code += bytes.fromhex(re.sub(r'[^0-9a-f]', '', m.group(2)))
    with tempfile.NamedTemporaryFile(suffix='.bin') as f:
        f.write(code)
        f.flush()
        out = subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', f'--adjust-vma={start:#x}', f.name],
                             capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split('\t')
        if len(parts) >= 3:
            print(parts[0].strip(), parts[2])


if __name__ == '__main__':
    main()
