import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createDemoBackend } from './demo-backend';
import { installSimulatedAmazon } from './simulated-amazon';
import { armFaultFromQuery, getSettings, updateSettings } from './settings';
import '../../src/styles/index.css';
import './styles.css';

updateSettings({}); // keep the query flags for the rest of the session
const demo = createDemoBackend();
installSimulatedAmazon(demo.sandbox, { blocked: getSettings().blockAmazon });
armFaultFromQuery(demo);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App demo={demo} />
  </StrictMode>,
);
