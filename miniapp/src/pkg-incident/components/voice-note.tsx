import Taro from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { newIdempotencyKey } from '@yuanan/sdk';
import { toast } from '../../services/feedback';
import { VOICE_MAX_MS, voiceText, type SosVoice } from '../services/incident-ui';

/**
 * Whether this runtime records voice: WeChat's Taro.getRecorderManager. H5 has no recorder in Taro (the browser's
 * MediaRecorder is not wired), so the SOS page there shows no voice button at all rather than one that fails.
 */
export function canRecordVoice(): boolean {
  return process.env.TARO_ENV !== 'h5' && typeof Taro.getRecorderManager === 'function';
}

/** Keeps a recording in the user data folder so a queued SOS still has it after the mini-program is closed. */
async function keepVoice(tempPath: string): Promise<string> {
  try {
    const fs = Taro.getFileSystemManager();
    // the photos folder: the outbox forgets the file there once the SOS is sent
    const dir = `${Taro.env.USER_DATA_PATH}/photos`;
    try {
      fs.mkdirSync(dir, true);
    } catch {
      // exists
    }
    const ext = /\.(m4a|aac|mp3|wav|amr)$/i.exec(tempPath)?.[0] ?? '.m4a';
    return await new Promise<string>((resolve, reject) => {
      fs.saveFile({
        tempFilePath: tempPath,
        filePath: `${dir}/${newIdempotencyKey()}${ext}`,
        success: (r) => resolve(r.savedFilePath),
        fail: reject,
      });
    });
  } catch {
    return tempPath;
  }
}

/**
 * 语音说明: tap to record (up to VOICE_MAX_MS, AAC in an m4a file at 16 kHz mono), tap again to stop; the note can
 * be played back and removed. It is sent with the SOS (uploaded as incident media first, like the photos).
 */
export function VoiceNote({ voice, onChange }: { voice: SosVoice | null; onChange: (v: SosVoice | null) => void }) {
  const [recording, setRecording] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const started = useRef(0);
  const recorder = useRef<Taro.RecorderManager | null>(null);
  const player = useRef<Taro.InnerAudioContext | null>(null);
  // the recorder's callbacks are set once; they call the latest onChange
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    if (!canRecordVoice()) return;
    const rm = Taro.getRecorderManager();
    recorder.current = rm;
    rm.onStart(() => {
      started.current = Date.now();
      setRecording(true);
    });
    rm.onStop((r) => {
      setRecording(false);
      if (!r.tempFilePath || r.duration < 800) {
        toast('录音太短');
        return;
      }
      void keepVoice(r.tempFilePath).then((path) =>
        changed.current({ path, uploadKey: `up-${newIdempotencyKey().slice(2)}`, durationMs: Math.round(r.duration) }),
      );
    });
    rm.onError((e) => {
      setRecording(false);
      toast(/auth|permission/i.test(e.errMsg) ? '未授权使用麦克风' : '录音失败，可改用文字说明');
    });
    return () => {
      player.current?.destroy();
    };
  }, []);

  useEffect(() => {
    if (!recording) return;
    const t = setInterval(() => setElapsed(Date.now() - started.current), 250);
    return () => clearInterval(t);
  }, [recording]);

  if (!canRecordVoice()) return null;

  const toggle = () => {
    const rm = recorder.current;
    if (!rm) return;
    if (recording) rm.stop();
    else {
      setElapsed(0);
      rm.start({ duration: VOICE_MAX_MS, format: 'aac', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000 });
    }
  };
  const play = () => {
    if (!voice) return;
    player.current?.destroy();
    const a = Taro.createInnerAudioContext();
    a.src = voice.path;
    a.play();
    player.current = a;
  };

  return (
    <View className="sos__voice" data-testid="sos-voice">
      {voice && !recording ? (
        <View className="sos__voice-row">
          <Text className="wx-link" onClick={play}>
            ▶ 语音 {voiceText(voice.durationMs)}
          </Text>
          <Text className="wx-link sos__voice-remove" onClick={() => onChange(null)}>
            删除
          </Text>
        </View>
      ) : null}
      <View className={`wx-btn wx-btn--plain sos__voice-btn ${recording ? 'sos__voice-btn--on' : ''}`} onClick={toggle}>
        {recording ? `● 录音中 ${voiceText(elapsed)}，点此结束` : voice ? '重新录音' : '录一段语音（最长 60 秒）'}
      </View>
    </View>
  );
}
