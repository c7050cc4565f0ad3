declare module 'qrcode' {
  const QR: { toString(text: string, opts: { type: 'terminal'; small?: boolean }): Promise<string> };
  export default QR;
}
