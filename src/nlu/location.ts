import type { Location } from './types.js';
import { compileLexicon, type Lexicon } from './lexicon.js';

const NUMBER = '(?:\\d{1,3}|[一二三四五六七八九十两]{1,3})';
const DASHED_UNIT = /(?<![\d.:-])(\d{1,2})-(\d{1,2})-(\d{3,4})(?![\d:-])/;
const DASHED_ROOM = /(?<![\d.:-])(\d{1,2})-(\d{3,4})(?![\d:-])/;
const BUILDING = new RegExp(`(?:${NUMBER}|[A-Za-z])(?:号楼|栋|幢|座|號樓)`);
const ENTRANCE = new RegExp(`${NUMBER}单元`);
const ROOM_AFTER_UNIT = /^\s*(\d{3,4})(?:室|号|房)?/;
const ROOM_MARKED = /(?<!\d)(\d{3,4})(?:室|房间?)/;
const FLOOR = new RegExp(`(?<![号\\d])(?:\\d{1,2}|[一二三四五六七八九十两]{1,3})(?:楼|层)(?![道梯顶下上房盘])`);
const AREA_SUFFIX = /^[A-Za-z0-9]{1,3}区/;

export interface LocationExtractor {
  extract(text: string): Location | null;
}

/** Finds building / entrance / room / floor and a common area (areas listed as data in intents/locations/areas.txt). */
export function createLocationExtractor(areaNames: readonly string[]): LocationExtractor {
  const areas: Lexicon = compileLexicon(areaNames);
  return {
    extract(text) {
      const location: Omit<Location, 'text'> = {};
      let rest = text;
      const dashed = DASHED_UNIT.exec(rest);
      const dashedRoom = dashed ? null : DASHED_ROOM.exec(rest);
      if (dashed) {
        location.building = `${dashed[1]}栋`;
        location.entrance = `${dashed[2]}单元`;
        location.room = dashed[3];
        rest = rest.replace(dashed[0], ' ');
      } else if (dashedRoom) {
        location.building = `${dashedRoom[1]}栋`;
        location.room = dashedRoom[2];
        rest = rest.replace(dashedRoom[0], ' ');
      }
      const building = location.building ? null : BUILDING.exec(rest);
      let afterUnit = '';
      if (building) {
        location.building = building[0];
        afterUnit = rest.slice(building.index + building[0].length);
      }
      const entrance = location.entrance ? null : ENTRANCE.exec(rest);
      if (entrance) {
        location.entrance = entrance[0];
        afterUnit = rest.slice(entrance.index + entrance[0].length);
      }
      const room = location.room ? null : (ROOM_AFTER_UNIT.exec(afterUnit) ?? ROOM_MARKED.exec(rest));
      if (room?.[1]) {
        location.room = room[1];
        rest = rest.replace(room[0], ' ');
      }
      if (building) rest = rest.replace(building[0], ' ');
      const floor = FLOOR.exec(rest);
      if (floor && !location.room) location.floor = floor[0].replace('层', '楼');
      const area = areas.longestMatch(rest);
      if (area) {
        const start = rest.indexOf(area);
        const suffix = AREA_SUFFIX.exec(rest.slice(start + area.length));
        location.area = area + (suffix ? suffix[0] : '');
      }
      const parts = [location.building, location.entrance, location.room, location.floor, location.area];
      const joined = parts.filter((p): p is string => Boolean(p)).join('');
      return joined ? { ...location, text: joined } : null;
    },
  };
}
