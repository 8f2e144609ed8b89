"""Reads an .evtx with an independent parser and prints one JSON line per record:
{"id", "provider", "eventId", "data": [[name, text], ...]} where data lists EventData's
Data/Binary children (name = the Name attribute, '' when unnamed; 'Binary') or the leaves of
UserData's root element (name = tag). Values are normalised for libevtx's known quirks
(../shared/evtx-corpus/README.md "agreement rules"): 9-digit FILETIMEs, zero-padded hex,
uppercase GUIDs; python-evtx writes Binary values as base64 (converted back to hex for the
Binary element and Schannel's CredContext, the only binary fields the samples have).

usage: peer_events.py libevtx|libevtx-recovered|pyevtx FILE
(libevtx-recovered: the records libevtx recovers from a damaged log, evtxexport -m recovered)
"""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET


def local(tag):
    return tag.rsplit('}', 1)[-1]


TIME = re.compile(r'^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$')
HEX = re.compile(r'^0x[0-9a-fA-F]+$')
GUID = re.compile(r'^\{[0-9a-fA-F-]{36}\}$')


def norm(text):
    t = text or ''
    m = TIME.match(t)
    if m:
        # python-evtx writes 'YYYY-MM-DD hh:mm:ss[.ffffff]'; compare at millisecond precision.
        ms = round(int(((m.group(3) or '') + '0000000')[:7]) / 10000)
        return '%sT%s.%03dZ' % (m.group(1), m.group(2), ms)
    if HEX.match(t):
        return hex(int(t, 16))
    if GUID.match(t):
        return t.lower()
    return t


BINARY_FIELDS = ('Binary', 'CredContext')


def base64_to_hex(text):
    import base64
    return base64.b64decode(text or '').hex().upper()


def event_json(xml, binary_as_base64=False):
    ev = ET.fromstring(xml)
    system = next(c for c in ev if local(c.tag) == 'System')
    provider = next(c for c in system if local(c.tag) == 'Provider').get('Name')
    event_id = next(c for c in system if local(c.tag) == 'EventID').text
    record_id = next(c for c in system if local(c.tag) == 'EventRecordID').text
    data = []
    for part in ev:
        name = local(part.tag)
        if name == 'EventData':
            for d in part:
                key = d.get('Name', '') if local(d.tag) == 'Data' else local(d.tag)
                text = base64_to_hex(d.text) if binary_as_base64 and key in BINARY_FIELDS else d.text
                data.append([key, norm(text)])
        elif name == 'UserData':
            for root in part:
                for leaf in root:
                    data.append([local(leaf.tag), norm(leaf.text)])
    return {'id': int(record_id), 'provider': provider, 'eventId': event_id, 'data': data}


def libevtx(path, mode='items'):
    out = subprocess.run(['evtxexport', '-m', mode, '-f', 'xml', path], capture_output=True, check=True).stdout.decode('utf-8', 'replace')
    for block in re.findall(r'<Event xmlns=.*?</Event>', out, re.S):
        yield event_json(block)


STRING_ITEM = re.compile(r'<string>(.*?)</string>', re.S)


def pyevtx_quirks(e):
    """python-evtx ignores dependency ids (a Null String[] or Binary still gives an empty element)
    and writes a string array as '<string>item</string>' lines inside one Data element: undo both."""
    data = []
    for key, text in e['data']:
        if key in ('', 'Binary') and text == '':
            continue
        if key == '' and text.startswith('<string>'):
            data.extend(['', t] for t in STRING_ITEM.findall(text))
        else:
            data.append([key, text])
    e['data'] = data
    return e


def pyevtx(path):
    import Evtx.Evtx as evtx
    with evtx.Evtx(path) as log:
        for r in log.records():
            yield pyevtx_quirks(event_json(r.xml(), binary_as_base64=True))


if __name__ == '__main__':
    reader = {'libevtx': libevtx, 'libevtx-recovered': lambda p: libevtx(p, 'recovered'), 'pyevtx': pyevtx}[sys.argv[1]]
    for e in reader(sys.argv[2]):
        print(json.dumps(e))
