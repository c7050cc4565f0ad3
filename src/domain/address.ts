/** "3栋2单元1502" → building "3栋", unit "2单元1502"; "5号楼302" → "5号楼", "302". */
export function splitUnitAddress(address: string): { building: string; unit: string } | null {
  const m = /^\s*(.*?(?:\d+|[A-Za-z])\s*(?:栋|棟|号楼|號樓|幢|座))\s*(.+?)\s*$/.exec(address);
  if (!m?.[1] || !m[2]) return null;
  return { building: m[1].replace(/\s+/g, ''), unit: m[2].replace(/\s+/g, '') };
}
