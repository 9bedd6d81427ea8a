import { contextBridge, ipcRenderer } from 'electron';
import { API_GLOBAL } from '../../shared/ipc/contract';
import { buildStationApi } from './station-api';

contextBridge.exposeInMainWorld(API_GLOBAL, buildStationApi(ipcRenderer));
